package dev.flowsentry.detection.detect;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.Evidence;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.config.Metric;
import dev.flowsentry.detection.features.FanoutTable;
import dev.flowsentry.detection.features.OutboundFeatures;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.detection.model.HostKey;

/**
 * The scan and exfiltration detector, keyed by source host.
 *
 * <ul>
 *   <li>horizontal scan: the most hosts one source tried on one (protocol, port), failed attempts
 *       counting 1 and answered ones {@code scan.answered-weight};
 *   <li>vertical scan: the most ports one source tried on one host, weighted the same way;
 *   <li>exfiltration: bytes per second an internal host sent to external networks (allow-listed
 *       peers excluded), with the peers that received them. External sources never raise it.
 * </ul>
 */
public final class OutboundDetector extends HostDetector<OutboundFeatures> {

    private static final long serialVersionUID = 1L;

    static final AlertKind[] KINDS = {
        AlertKind.HORIZONTAL_SCAN, AlertKind.VERTICAL_SCAN, AlertKind.EXFILTRATION_VOLUME
    };

    private static final int EVIDENCE_ENTRIES = 5;

    public OutboundDetector(DetectionSettings settings) {
        super(settings, Metric.OUTBOUND, KINDS);
    }

    @Override
    protected double[] values(OutboundFeatures features) {
        double weight = settings.answeredWeight();
        FanoutTable ports = features.portFanout;
        FanoutTable hosts = features.hostFanout;
        int widestPort = ports.widest(weight);
        int widestHost = hosts.widest(weight);
        boolean internal = settings.isInternal(features.hostHigh, features.hostLow);
        return new double[] {
            widestPort < 0 ? 0 : ports.score(widestPort, weight),
            widestHost < 0 ? 0 : hosts.score(widestHost, weight),
            internal ? features.externalBytes / (settings.window().toMillis() / 1000.0) : 0
        };
    }

    /**
     * External sources get a baseline only once they fire: until then they are judged against the
     * floors (times the warm-up factor, 1 for scans by default), which their own baseline could
     * only have raised. Without this, every spoofed source of a flood would hold a baseline until
     * {@code state.ttl}: millions of them in a long flood.
     */
    @Override
    protected boolean keepsQuietNewHost(HostKey host) {
        return settings.isInternal(host.high, host.low);
    }

    @Override
    protected boolean isAllowed(HostKey host, AlertKind kind) {
        if (kind == AlertKind.EXFILTRATION_VOLUME) {
            return settings.exfiltrationAllow().contains(host.high, host.low);
        }
        return settings.scanAllow().contains(host.high, host.low);
    }

    @Override
    protected void describe(
            Alert.Builder alert, AlertKind kind, HostKey host, OutboundFeatures features) {
        alert.sourceIp(host.toString());
        if (features == null) {
            return;
        }
        switch (kind) {
            case HORIZONTAL_SCAN -> describeHorizontal(alert, features);
            case VERTICAL_SCAN -> describeVertical(alert, features);
            default -> describeExfiltration(alert, features);
        }
    }

    private void describeHorizontal(Alert.Builder alert, OutboundFeatures features) {
        FanoutTable ports = features.portFanout;
        int widest = ports.widest(settings.answeredWeight());
        if (widest >= 0) {
            alert.protocol((int) ports.keyHigh[widest]).destinationPort((int) ports.keyLow[widest]);
        }
        alert.evidence(
                scanEvidence(
                        features,
                        widest < 0
                                ? -1
                                : FanoutTable.estimate(ports.failed[widest])
                                        + FanoutTable.estimate(ports.answered[widest]),
                        -1));
    }

    private void describeVertical(Alert.Builder alert, OutboundFeatures features) {
        FanoutTable hosts = features.hostFanout;
        int widest = hosts.widest(settings.answeredWeight());
        if (widest >= 0) {
            alert.destinationIp(HostAddress.text(hosts.keyHigh[widest], hosts.keyLow[widest]));
        }
        alert.evidence(
                scanEvidence(
                        features,
                        -1,
                        widest < 0
                                ? -1
                                : FanoutTable.estimate(hosts.failed[widest])
                                        + FanoutTable.estimate(hosts.answered[widest])));
    }

    private static Evidence scanEvidence(
            OutboundFeatures features, long hostsOnPort, long portsOnHost) {
        double failedShare =
                features.attempts == 0
                        ? Evidence.NOT_COMPUTED
                        : (double) features.failedAttempts / features.attempts;
        return Evidence.builder()
                .flows(features.flows)
                .packets(features.packets)
                .bytes(features.bytes)
                .distinctDestinations(
                        hostsOnPort >= 0 ? hostsOnPort : features.destinations.estimate())
                .distinctPorts(portsOnHost >= 0 ? portsOnHost : features.ports.estimate())
                .failedShare(failedShare)
                .unit("attempts")
                .topDestinations(features.topDestinations.top(EVIDENCE_ENTRIES))
                .topPorts(features.topPorts.top(EVIDENCE_ENTRIES))
                .build();
    }

    private static void describeExfiltration(Alert.Builder alert, OutboundFeatures features) {
        alert.destinationIp(features.topExternalPeers.heaviestKey());
        alert.evidence(
                Evidence.builder()
                        .flows(features.externalFlows)
                        .packets(features.externalPackets)
                        .bytes(features.externalBytes)
                        .distinctDestinations(features.destinations.estimate())
                        .unit("bytes")
                        .topDestinations(features.topExternalPeers.top(EVIDENCE_ENTRIES))
                        .build());
    }
}
