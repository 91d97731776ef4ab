package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.encoding.TextAlertFormatter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output: the readable one-line text form by default, coloured on a terminal unless {@code
 * NO_COLOR} is set; or any other format, one alert per line. Logs go to standard error, so this
 * stream carries only alerts.
 */
final class StdoutDestination implements Destination {

    private final PrintStream out;
    private final PayloadFormat format;
    private final TextAlertFormatter text;

    /**
     * @param format the payload format, or null for the text form
     * @param colour whether the text form may use ANSI colours
     */
    StdoutDestination(PrintStream out, PayloadFormat format, boolean colour) {
        this.out = out;
        this.format = format;
        this.text = new TextAlertFormatter(colour);
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void send(Alert alert, byte[] ecsDocument) throws DeliveryException {
        String line =
                format == null || format == PayloadFormat.TEXT
                        ? text.format(alert)
                        : new String(format.encode(alert, ecsDocument), StandardCharsets.UTF_8);
        out.println(line);
        out.flush();
        if (out.checkError()) {
            throw DeliveryException.transientFailure("standard output is closed", (Throwable) null);
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
