package dev.flowsentry.detection.detect;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.Evidence;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.config.Metric;
import dev.flowsentry.detection.features.InboundFeatures;
import dev.flowsentry.detection.features.Protocols;
import dev.flowsentry.detection.model.HostKey;

/**
 * The DoS detector, keyed by destination host: SYN floods, UDP floods, ICMP floods and generic
 * volumetric attacks (packets, bytes or flows per second).
 *
 * <p>Typed by the traffic mix: when a SYN, UDP or ICMP flood fires or is ongoing, the volumetric
 * kind does not also fire for the same traffic. The evidence names the distinct sources (one source
 * or a distributed attack), the top sources and the top destination ports; the alert's {@code
 * source.ip} is the top source and {@code destination.port} the top port when it carries most of
 * the packets.
 */
public final class InboundDetector extends HostDetector<InboundFeatures> {

    private static final long serialVersionUID = 1L;

    static final AlertKind[] KINDS = {
        AlertKind.SYN_FLOOD, AlertKind.UDP_FLOOD, AlertKind.ICMP_FLOOD, AlertKind.VOLUMETRIC
    };

    private static final int VOLUMETRIC = 3;
    private static final int EVIDENCE_ENTRIES = 5;

    public InboundDetector(DetectionSettings settings) {
        super(settings, Metric.INBOUND, KINDS);
    }

    @Override
    protected double[] values(InboundFeatures features) {
        double seconds = settings.window().toMillis() / 1000.0;
        return new double[] {
            features.packets / seconds,
            features.bytes / seconds,
            features.flows / seconds,
            features.synOnlyFlows / seconds,
            features.udpPackets / seconds,
            features.icmpPackets / seconds
        };
    }

    @Override
    protected void refine(int[] firingMetric, DetectorState state) {
        for (int kind = 0; kind < VOLUMETRIC; kind++) {
            if (firingMetric[kind] >= 0 || state.isActive(kind)) {
                firingMetric[VOLUMETRIC] = -1;
                return;
            }
        }
    }

    @Override
    protected boolean isAllowed(HostKey host, AlertKind kind) {
        return settings.dosAllow().contains(host.high, host.low);
    }

    @Override
    protected void describe(
            Alert.Builder alert, AlertKind kind, HostKey host, InboundFeatures features) {
        alert.destinationIp(host.toString()).protocol(protocolOf(kind));
        if (features == null) {
            return;
        }
        alert.sourceIp(features.topSources.heaviestKey());
        if (features.topPorts.heaviestWeight() * 2 > features.packets) {
            alert.destinationPort(features.topPorts.heaviestPort());
        }
        alert.evidence(
                Evidence.builder()
                        .flows(features.flows)
                        .packets(features.packets)
                        .bytes(features.bytes)
                        .distinctSources(features.sources.estimate())
                        .unit("packets")
                        .topSources(features.topSources.top(EVIDENCE_ENTRIES))
                        .topPorts(features.topPorts.top(EVIDENCE_ENTRIES))
                        .build());
    }

    private static int protocolOf(AlertKind kind) {
        return switch (kind) {
            case SYN_FLOOD -> Protocols.TCP;
            case UDP_FLOOD -> Protocols.UDP;
            case ICMP_FLOOD -> Protocols.ICMP;
            default -> Alert.NONE;
        };
    }
}
