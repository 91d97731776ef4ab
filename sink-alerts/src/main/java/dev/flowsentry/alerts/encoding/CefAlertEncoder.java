package dev.flowsentry.alerts.encoding;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertType;
import java.util.Locale;

/**
 * Encodes an {@link Alert} as an ArcSight Common Event Format line:
 *
 * <pre>
 * CEF:0|FlowSentry|FlowSentry|&lt;version&gt;|&lt;rule id&gt;|&lt;rule name&gt;|&lt;severity 0-10&gt;|&lt;extension&gt;
 * </pre>
 *
 * <p>The extension carries {@code rt}, {@code start}, {@code end} (epoch milliseconds), {@code
 * src}/{@code dst} (IPv4) or {@code c6a2}/{@code c6a3} (IPv6), {@code dpt}, {@code proto}, {@code
 * cnt} (flows in the window), {@code cat}, {@code act} (the lifecycle state), {@code externalId}
 * (the message's event id), {@code msg}, and labelled custom fields: {@code cs1} type, {@code cs2}
 * subtype, {@code cs3} state, {@code cs4} incident id, {@code cs5} metric, {@code cs6} MITRE
 * technique, {@code cn1} observed, {@code cn2} baseline, {@code cn3} threshold (rounded, as CEF
 * custom numbers are integers) and {@code flexString1} host group.
 *
 * <p>Escaping follows the CEF standard: in the header a backslash and a pipe are escaped with a
 * backslash; in extension values a backslash and an equals sign are escaped and line breaks are
 * written {@code \n} and {@code \r}. Other control characters become spaces; other Unicode passes
 * through as UTF-8. Extension keys are fixed names that never need escaping.
 *
 * <p>Thread-safe and stateless.
 */
public final class CefAlertEncoder {

    private static final String VENDOR = "FlowSentry";
    private static final String PRODUCT = "FlowSentry";

    private final String productVersion;

    /** An encoder that writes this build's FlowSentry version into the header. */
    public CefAlertEncoder() {
        this(AlertText.PRODUCT_VERSION);
    }

    /** An encoder with a fixed device version in the header, for example for golden files. */
    public CefAlertEncoder(String productVersion) {
        if (productVersion == null || productVersion.isBlank()) {
            throw new IllegalArgumentException("CEF device version must not be blank");
        }
        this.productVersion = productVersion;
    }

    /** The CEF line, without a syslog header and without a line terminator. */
    public String encode(Alert alert) {
        StringBuilder line = new StringBuilder(512);
        line.append("CEF:0|")
                .append(escapeHeader(VENDOR))
                .append('|')
                .append(escapeHeader(PRODUCT))
                .append('|')
                .append(escapeHeader(productVersion))
                .append('|')
                .append(escapeHeader(alert.kind().ruleId()))
                .append('|')
                .append(escapeHeader(alert.kind().ruleName()))
                .append('|')
                .append(alert.severity().cef())
                .append('|');
        Extension extension = new Extension(line);
        timesAndEndpoints(alert, extension);
        classification(alert, extension);
        customFields(alert, extension);
        return line.toString();
    }

    private static void timesAndEndpoints(Alert alert, Extension extension) {
        extension.put("rt", Long.toString(alert.timestamp().toEpochMilli()));
        extension.put("start", Long.toString(alert.start().toEpochMilli()));
        extension.put("end", Long.toString(alert.end().toEpochMilli()));
        String source = alert.sourceIp();
        String destination = alert.destinationIp();
        if (alert.type() == AlertType.DOS && destination == null) {
            destination = alert.host();
        } else if (alert.type() != AlertType.DOS && source == null) {
            source = alert.host();
        }
        putAddress(extension, "src", "c6a2", "Source IPv6 Address", source);
        putAddress(extension, "dst", "c6a3", "Destination IPv6 Address", destination);
        if (alert.destinationPort() != Alert.NONE) {
            extension.put("dpt", Integer.toString(alert.destinationPort()));
        }
        if (alert.protocol() != Alert.NONE) {
            String transport = AlertText.transport(alert.protocol());
            extension.put(
                    "proto",
                    transport == null
                            ? Integer.toString(alert.protocol())
                            : transport.toUpperCase(Locale.ROOT));
        }
        if (alert.evidence().flows() >= 0) {
            extension.put("cnt", Long.toString(alert.evidence().flows()));
        }
    }

    /** CEF {@code src}/{@code dst} hold IPv4 addresses; IPv6 goes to the labelled c6a fields. */
    private static void putAddress(
            Extension extension, String ipv4Key, String ipv6Key, String ipv6Label, String address) {
        if (address == null) {
            return;
        }
        if (AlertText.isIpv6(address)) {
            extension.put(ipv6Key + "Label", ipv6Label);
            extension.put(ipv6Key, address);
        } else {
            extension.put(ipv4Key, address);
        }
    }

    private static void classification(Alert alert, Extension extension) {
        extension.put("cat", alert.type().code() + "/" + alert.subtype());
        extension.put("act", alert.state().code());
        extension.put("externalId", alert.eventId());
        extension.put("msg", AlertText.summary(alert));
    }

    private static void customFields(Alert alert, Extension extension) {
        extension.labelled("cs1", "alertType", alert.type().code());
        extension.labelled("cs2", "alertSubtype", alert.subtype());
        extension.labelled("cs3", "alertState", alert.state().code());
        extension.labelled("cs4", "incidentId", alert.id());
        extension.labelled("cs5", "metric", alert.metric());
        extension.labelled("cs6", "mitreTechnique", alert.kind().techniqueId());
        putRounded(extension, "cn1", "observed", alert.observed());
        putRounded(extension, "cn2", "baseline", alert.baseline());
        putRounded(extension, "cn3", "threshold", alert.threshold());
        if (alert.hostGroup() != null) {
            extension.labelled("flexString1", "hostGroup", alert.hostGroup());
        }
    }

    private static void putRounded(Extension extension, String key, String label, double value) {
        if (Double.isFinite(value)) {
            extension.labelled(key, label, Long.toString(Math.round(value)));
        }
    }

    /** A header field: backslash and pipe escaped; no line breaks or other control characters. */
    static String escapeHeader(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '|') {
                escaped.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                escaped.append(' ');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** An extension value: backslash and equals escaped, CR and LF as {@code \r} and {@code \n}. */
    static String escapeExtensionValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '=' -> escaped.append("\\=");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> escaped.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    /** Appends space-separated {@code key=value} pairs. */
    private static final class Extension {
        private final StringBuilder line;
        private boolean first = true;

        Extension(StringBuilder line) {
            this.line = line;
        }

        void put(String key, String value) {
            if (!first) {
                line.append(' ');
            }
            first = false;
            line.append(key).append('=').append(escapeExtensionValue(value));
        }

        void labelled(String key, String label, String value) {
            put(key + "Label", label);
            put(key, value);
        }
    }
}
