package dev.flowsentry.alerts;

import java.io.Serializable;
import java.util.Objects;

/**
 * One of the top contributors in an alert's evidence: an address, a port or a peer, with its share
 * of the observed value (packets, bytes, flows or attempts, as the evidence names).
 *
 * @param key an IP address in text, or a port number in decimal
 * @param value the contributor's amount, scaled by sampling
 */
public record Contributor(String key, long value) implements Serializable {
    public Contributor {
        Objects.requireNonNull(key, "key");
    }
}
