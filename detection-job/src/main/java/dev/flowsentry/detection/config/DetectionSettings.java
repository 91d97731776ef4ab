package dev.flowsentry.detection.config;

import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefix;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What the keyed functions need to know: window, baselines, alert lifecycle, thresholds per host
 * group, internal networks and allow-lists. Immutable and validated by {@link JobConfig}; carries
 * no connection settings or secrets, since Flink ships it inside the job graph.
 *
 * @param window tumbling window length
 * @param baselineAlpha EWMA weight of the newest window, in (0, 1)
 * @param warmupWindows windows a host's baseline needs before the plain floors apply
 * @param answeredWeight weight of an answered attempt in scan fan-outs (a failed one weighs 1)
 * @param probeMaxPackets most exported packets of a UDP or ICMP echo flow that is still a
 *     connection attempt; a longer one is traffic
 * @param updateInterval event time between two updates of an ongoing alert
 * @param endAfterQuietWindows quiet windows that end an alert
 * @param cooldown event time after an end during which the same host and kind cannot start again
 * @param stateTtl processing time after which an idle host's baseline is forgotten
 * @param internalNetworks internal networks: DoS victims and exfiltration sources lie there
 * @param dosAllow hosts never reported as DoS victims
 * @param scanAllow hosts never reported as scanners (known scanners, monitoring)
 * @param exfiltrationAllow hosts never reported for exfiltration
 * @param exfiltrationAllowPeers external peers whose bytes do not count (backup targets)
 * @param defaults the thresholds of hosts in no group
 * @param groups host groups with their own thresholds
 */
public record DetectionSettings(
        Duration window,
        double baselineAlpha,
        int warmupWindows,
        double answeredWeight,
        int probeMaxPackets,
        Duration updateInterval,
        int endAfterQuietWindows,
        Duration cooldown,
        Duration stateTtl,
        AddressMatcher internalNetworks,
        AddressMatcher dosAllow,
        AddressMatcher scanAllow,
        AddressMatcher exfiltrationAllow,
        AddressMatcher exfiltrationAllowPeers,
        HostGroup defaults,
        List<HostGroup> groups)
        implements Serializable {

    public DetectionSettings {
        groups = List.copyOf(groups);
    }

    public long windowMs() {
        return window.toMillis();
    }

    /** The group whose prefix matches {@code (high, low)} longest, or the defaults. */
    public HostGroup groupOf(long high, long low) {
        if (groups.isEmpty()) {
            return defaults;
        }
        IpAddress address = HostAddress.toIpAddress(high, low);
        HostGroup best = defaults;
        int bestLength = -1;
        for (HostGroup group : groups) {
            IpPrefix match = group.networks().prefixes().longestMatch(address);
            if (match != null && match.length() > bestLength) {
                best = group;
                bestLength = match.length();
            }
        }
        return best;
    }

    /** Whether {@code (high, low)} is internal; every host is when no network is configured. */
    public boolean isInternal(long high, long low) {
        return internalNetworks.isEmpty() || internalNetworks.contains(high, low);
    }
}
