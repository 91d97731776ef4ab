package dev.flowsentry.alerts.encoding;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.Severity;
import java.util.Map;

/**
 * Formats an {@link Alert} as one readable line for a terminal, for example:
 *
 * <pre>
 * 2024-05-01T12:00:10Z HIGH     dos/syn_flood start host=10.0.0.5 syn_flows=120000 baseline=40
 *     threshold=1000 src=203.0.113.9 dst=10.0.0.5:80/tcp id=4f2a-0
 * </pre>
 *
 * (on one line). With colour, the severity is coloured (critical and high red, medium yellow, low
 * cyan) and the state is bold. Control and format characters in any field are replaced with {@code
 * ?}, so a hostile string can neither break the line nor send escape sequences to the terminal.
 * Thread-safe.
 */
public final class TextAlertFormatter {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";

    private final boolean colour;

    /** A formatter that writes ANSI colours if {@code colour} is true. */
    public TextAlertFormatter(boolean colour) {
        this.colour = colour;
    }

    /**
     * Whether a program should colour its standard output: only on a terminal ({@code console}
     * true, as {@code System.console() != null} says) and never when the {@code NO_COLOR}
     * environment variable is set to a non-empty value (no-color.org).
     */
    public static boolean colourWanted(boolean console, Map<String, String> environment) {
        String noColour = environment.get("NO_COLOR");
        return console && (noColour == null || noColour.isEmpty());
    }

    /** The line, without a line terminator. */
    public String format(Alert alert) {
        StringBuilder line = new StringBuilder(200);
        line.append(alert.timestamp()).append(' ');
        line.append(paint(String.format("%-8s", alert.severity().name()), severityColour(alert)));
        line.append(' ').append(alert.type().code()).append('/').append(alert.subtype());
        line.append(' ').append(paint(alert.state().code(), BOLD));
        line.append(" host=").append(clean(alert.host()));
        line.append(' ').append(clean(alert.metric())).append('=');
        line.append(AlertText.number(alert.observed()));
        line.append(" baseline=").append(AlertText.number(alert.baseline()));
        line.append(" threshold=").append(AlertText.number(alert.threshold()));
        if (alert.sourceIp() != null) {
            line.append(" src=").append(clean(alert.sourceIp()));
        }
        appendDestination(line, alert);
        if (alert.hostGroup() != null) {
            line.append(" group=").append(clean(alert.hostGroup()));
        }
        line.append(" id=").append(clean(alert.eventId()));
        return line.toString();
    }

    private static void appendDestination(StringBuilder line, Alert alert) {
        if (alert.destinationIp() == null && alert.destinationPort() == Alert.NONE) {
            return;
        }
        if (alert.destinationIp() == null) {
            line.append(" dport=").append(alert.destinationPort());
        } else {
            line.append(" dst=").append(clean(alert.destinationIp()));
            if (alert.destinationPort() != Alert.NONE) {
                line.append(':').append(alert.destinationPort());
            }
        }
        if (alert.protocol() != Alert.NONE) {
            String transport = AlertText.transport(alert.protocol());
            line.append('/')
                    .append(transport == null ? Integer.toString(alert.protocol()) : transport);
        }
    }

    private static String severityColour(Alert alert) {
        Severity severity = alert.severity();
        return switch (severity) {
            case CRITICAL -> "\u001b[1;31m";
            case HIGH -> "\u001b[31m";
            case MEDIUM -> "\u001b[33m";
            case LOW -> "\u001b[36m";
        };
    }

    private String paint(String text, String ansi) {
        return colour ? ansi + text + RESET : text;
    }

    /**
     * Control characters (line breaks, ESC) would break the line or drive the terminal; format
     * characters (bidirectional overrides) would make it lie about what it shows.
     */
    private static String clean(String value) {
        StringBuilder cleaned = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            boolean hidden =
                    Character.isISOControl(c)
                            || type == Character.FORMAT
                            || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR;
            cleaned.append(hidden ? '?' : c);
        }
        return cleaned.toString();
    }
}
