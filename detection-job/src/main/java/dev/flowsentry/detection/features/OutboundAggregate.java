package dev.flowsentry.detection.features;

import dev.flowsentry.detection.config.AddressMatcher;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Adds each flow to its source host's {@link OutboundFeatures}, incrementally.
 *
 * <p>A connection attempt fails, in the spirit of Threshold Random Walk, when the initiator never
 * completed a TCP handshake (SYN without ACK, a reset instead of an ACK, a one- or two-packet flow
 * without flags), when a UDP request is a single packet, or for an ICMP echo request of a single
 * packet. Server answers (see {@link Protocols#isResponse(int, int)}) are not attempts, and neither
 * is a UDP or ICMP echo flow of more than {@code probeMaxPackets} packets: that is a stream of
 * traffic (a flood to random ports, a media session), not a probe. Packet counts are judged as the
 * exporter sent them, before the sampling rate scales them: a sampled one-packet probe stays one.
 */
public final class OutboundAggregate
        implements AggregateFunction<FlowEvent, OutboundFeatures, OutboundFeatures> {

    private static final long serialVersionUID = 1L;

    static final int NOT_AN_ATTEMPT = 0;
    static final int ANSWERED = 1;
    static final int FAILED = 2;

    private static final int TCP_SYN = 0x02;
    private static final int TCP_ACK = 0x10;

    private final AddressMatcher allowedPeers;
    private final int probeMaxPackets;

    /**
     * @param allowedPeers external peers whose bytes never count as exfiltration (backup targets)
     * @param probeMaxPackets the most exported packets of a UDP or ICMP echo flow that is still a
     *     connection attempt, at least 1
     */
    public OutboundAggregate(AddressMatcher allowedPeers, int probeMaxPackets) {
        if (probeMaxPackets < 1) {
            throw new IllegalArgumentException(
                    "probeMaxPackets must be at least 1, found " + probeMaxPackets);
        }
        this.allowedPeers = allowedPeers;
        this.probeMaxPackets = probeMaxPackets;
    }

    /** The aggregate of the job's {@code settings} (allowed peers, probe size). */
    public static OutboundAggregate of(DetectionSettings settings) {
        return new OutboundAggregate(settings.exfiltrationAllowPeers(), settings.probeMaxPackets());
    }

    @Override
    public OutboundFeatures createAccumulator() {
        return new OutboundFeatures();
    }

    @Override
    public OutboundFeatures add(FlowEvent flow, OutboundFeatures features) {
        features.flows++;
        features.packets += flow.packets;
        features.bytes += flow.bytes;
        long destinationHash = HostAddress.hash(flow.dstHigh, flow.dstLow);
        features.destinations.add(destinationHash);
        if (!flow.dstInternal && !allowedPeers.contains(flow.dstHigh, flow.dstLow)) {
            features.externalBytes += flow.bytes;
            features.externalPackets += flow.packets;
            features.externalFlows++;
            features.topExternalPeers.add(flow.dstHigh, flow.dstLow, flow.bytes);
        }
        int attempt = attempt(flow);
        if (attempt != NOT_AN_ATTEMPT) {
            addAttempt(flow, features, destinationHash, attempt == FAILED);
        }
        return features;
    }

    private static void addAttempt(
            FlowEvent flow, OutboundFeatures features, long destinationHash, boolean failed) {
        int port = Protocols.isIcmp(flow.protocol) ? 0 : flow.dstPort;
        features.attempts++;
        if (failed) {
            features.failedAttempts++;
        }
        features.ports.add(HostAddress.mix(((long) flow.protocol << 16) | port));
        features.portFanout.add(flow.protocol, port, destinationHash, failed);
        features.hostFanout.add(flow.dstHigh, flow.dstLow, HostAddress.mix(port + 1), failed);
        features.topDestinations.add(flow.dstHigh, flow.dstLow, 1);
        features.topPorts.addPort(port, 1);
    }

    /**
     * Whether {@code flow} can move its source's outbound features beyond plain counters: a
     * connection attempt (scans) or a flow from an internal host to an external one (exfiltration).
     * Other flows, server answers above all, are dropped before the shuffle.
     */
    public boolean mattersToTheSource(FlowEvent flow) {
        return (flow.srcInternal && !flow.dstInternal) || attempt(flow) != NOT_AN_ATTEMPT;
    }

    /** Whether {@code flow} is a connection attempt, and whether it failed. */
    int attempt(FlowEvent flow) {
        switch (flow.protocol) {
            case Protocols.TCP -> {
                if (Protocols.isResponse(flow.srcPort, flow.dstPort)) {
                    return NOT_AN_ATTEMPT;
                }
                if (flow.tcpFlags < 0) {
                    return exportedPackets(flow) <= 2 ? FAILED : ANSWERED;
                }
                if ((flow.tcpFlags & TCP_SYN) == 0) {
                    return NOT_AN_ATTEMPT;
                }
                return (flow.tcpFlags & TCP_ACK) != 0 ? ANSWERED : FAILED;
            }
            case Protocols.UDP -> {
                if (Protocols.isResponse(flow.srcPort, flow.dstPort)) {
                    return NOT_AN_ATTEMPT;
                }
                return datagramAttempt(flow);
            }
            case Protocols.ICMP, Protocols.ICMPV6 -> {
                boolean echoRequest = flow.icmpType == 8 || flow.icmpType == 128;
                if (!echoRequest) {
                    return NOT_AN_ATTEMPT;
                }
                return datagramAttempt(flow);
            }
            default -> {
                return NOT_AN_ATTEMPT;
            }
        }
    }

    /**
     * A UDP or ICMP echo flow: its answer, if any, is another flow, so a lone packet is a request
     * left unanswered, a few are a request answered and followed up, and more than {@code
     * probeMaxPackets} are traffic rather than a probe.
     */
    private int datagramAttempt(FlowEvent flow) {
        long packets = exportedPackets(flow);
        if (packets <= 1) {
            return FAILED;
        }
        return packets <= probeMaxPackets ? ANSWERED : NOT_AN_ATTEMPT;
    }

    private static long exportedPackets(FlowEvent flow) {
        return flow.packets / Math.max(1, flow.samplingRate);
    }

    @Override
    public OutboundFeatures getResult(OutboundFeatures features) {
        return features;
    }

    @Override
    public OutboundFeatures merge(OutboundFeatures a, OutboundFeatures b) {
        a.flows += b.flows;
        a.packets += b.packets;
        a.bytes += b.bytes;
        a.attempts += b.attempts;
        a.failedAttempts += b.failedAttempts;
        a.destinations.merge(b.destinations);
        a.ports.merge(b.ports);
        a.portFanout.merge(b.portFanout);
        a.hostFanout.merge(b.hostFanout);
        a.externalBytes += b.externalBytes;
        a.externalPackets += b.externalPackets;
        a.externalFlows += b.externalFlows;
        a.topExternalPeers.merge(b.topExternalPeers);
        a.topDestinations.merge(b.topDestinations);
        a.topPorts.merge(b.topPorts);
        return a;
    }
}
