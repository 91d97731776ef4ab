package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 5424 syslog messages: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID - MSG}, and the two
 * TCP framings of RFC 6587 (octet counting, which RFC 5425 requires for TLS, or a trailing LF).
 *
 * <p>PRI is facility * 8 + a severity from the alert's (critical 2, high 3, medium 4, low 5); the
 * TIMESTAMP is the alert's event time in UTC with milliseconds; MSGID the alert type. The MSG is
 * written without a BOM, as CEF and JSON receivers expect.
 */
final class SyslogMessage {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final int facility;
    private final String hostname;
    private final String appName;

    SyslogMessage(int facility, String hostname, String appName) {
        this.facility = facility;
        this.hostname = headerField(hostname, 255);
        this.appName = headerField(appName, 48);
    }

    /** The RFC 5424 message for one alert, without framing. */
    byte[] format(Alert alert, byte[] payload) {
        String header =
                "<"
                        + (facility * 8 + severity(alert))
                        + ">1 "
                        + TIMESTAMP.format(alert.timestamp())
                        + " "
                        + hostname
                        + " "
                        + appName
                        + " - "
                        + headerField(alert.type().code(), 32)
                        + " - ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[head.length + payload.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(payload, 0, message, head.length, payload.length);
        return message;
    }

    /** RFC 6587 octet counting: {@code MSG-LEN SP SYSLOG-MSG}. */
    static byte[] octetCounted(byte[] message) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(message.length + 8);
        frame.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
        frame.writeBytes(message);
        return frame.toByteArray();
    }

    /** RFC 6587 non-transparent framing: the message and a LF (payloads hold no line break). */
    static byte[] lineFramed(byte[] message) {
        byte[] frame = new byte[message.length + 1];
        System.arraycopy(message, 0, frame, 0, message.length);
        frame[message.length] = '\n';
        return frame;
    }

    /** The syslog severity: 2 critical, 3 error, 4 warning, 5 notice. */
    static int severity(Alert alert) {
        return switch (alert.severity()) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
        };
    }

    /** RFC 5424 header fields are 1 to max printable US-ASCII characters, or "-". */
    private static String headerField(String value, int max) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < value.length() && field.length() < max; i++) {
            char c = value.charAt(i);
            if (c > 32 && c < 127) {
                field.append(c);
            }
        }
        return field.length() == 0 ? "-" : field.toString();
    }
}
