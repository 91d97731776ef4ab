package dev.flowsentry.traffic.scenario;

import java.time.Instant;
import java.util.Objects;

/**
 * The ground truth for one part of a labelled scenario: an attack the detection job must alert on,
 * or a benign heavy hitter it must stay silent on.
 *
 * <p>{@code type} and {@code subtype} use the alert contract's codes ({@code dos/syn_flood}, {@code
 * scan/horizontal}, {@code exfiltration/volume}...) for attacks, and {@code benign} with a
 * descriptive subtype ({@code web_server}, {@code backup_upload}, {@code dns_resolver}) for heavy
 * hitters.
 *
 * @param type {@code dos}, {@code scan}, {@code exfiltration} or {@link #BENIGN}
 * @param subtype for example {@code syn_flood}, {@code horizontal}, {@code volume}
 * @param host the host an alert must name: the victim of a DoS, the actor of a scan or an
 *     exfiltration, the heavy hitter itself for a benign label
 * @param peer the other side when there is one (the exfiltration's receiver, the scanned target
 *     host or network), or null
 * @param start first flow of this part (inclusive)
 * @param end last flow of this part (exclusive)
 * @param description one line for people
 */
public record ScenarioLabel(
        String type,
        String subtype,
        String host,
        String peer,
        Instant start,
        Instant end,
        String description) {

    /** The {@link #type()} of benign heavy hitters. */
    public static final String BENIGN = "benign";

    public ScenarioLabel {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("label end " + end + " is not after start " + start);
        }
    }

    /** Whether this label is an attack the job must alert on. */
    public boolean isAttack() {
        return !BENIGN.equals(type);
    }

    /** The label as one JSON object. */
    public String toJson() {
        return "{\"type\":"
                + quote(type)
                + ",\"subtype\":"
                + quote(subtype)
                + ",\"host\":"
                + quote(host)
                + ",\"peer\":"
                + (peer == null ? "null" : quote(peer))
                + ",\"start\":"
                + quote(start.toString())
                + ",\"end\":"
                + quote(end.toString())
                + ",\"description\":"
                + quote(description)
                + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
