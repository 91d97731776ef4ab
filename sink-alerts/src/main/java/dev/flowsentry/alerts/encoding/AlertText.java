package dev.flowsentry.alerts.encoding;

import dev.flowsentry.alerts.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Properties;

/** Text pieces that every encoding shares: the summary sentence, numbers, protocol names. */
final class AlertText {

    /** FlowSentry's version, as CEF headers and OCSF metadata carry it. */
    static final String PRODUCT_VERSION = loadProductVersion();

    private AlertText() {}

    /** One sentence: rule, state, host and the figures that fired, without line breaks. */
    static String summary(Alert alert) {
        return alert.kind().ruleName()
                + " "
                + alert.state().code()
                + " on "
                + alert.host()
                + ": "
                + alert.metric()
                + " "
                + number(alert.observed())
                + " (baseline "
                + number(alert.baseline())
                + ", threshold "
                + number(alert.threshold())
                + ")";
    }

    /** A double without a useless {@code .0} or exponent: {@code 120000}, {@code 12.5}. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * The IANA protocol keyword in lower case as ECS {@code network.transport} uses it, or null for
     * a protocol number without a common name.
     */
    static String transport(int protocol) {
        return switch (protocol) {
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            default -> null;
        };
    }

    /** Whether the text is an IPv6 address (it has a colon); the model holds addresses as text. */
    static boolean isIpv6(String address) {
        return address != null && address.indexOf(':') >= 0;
    }

    private static String loadProductVersion() {
        try (InputStream in = AlertText.class.getResourceAsStream("product.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled product.properties", e);
        }
    }
}
