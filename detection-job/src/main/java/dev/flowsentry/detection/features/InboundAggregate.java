package dev.flowsentry.detection.features;

import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds each flow to its destination host's {@link InboundFeatures}, incrementally. */
public final class InboundAggregate
        implements AggregateFunction<FlowEvent, InboundFeatures, InboundFeatures> {

    private static final long serialVersionUID = 1L;

    private static final int TCP_SYN = 0x02;
    private static final int TCP_ACK = 0x10;

    @Override
    public InboundFeatures createAccumulator() {
        return new InboundFeatures();
    }

    @Override
    public InboundFeatures add(FlowEvent flow, InboundFeatures features) {
        features.packets += flow.packets;
        features.bytes += flow.bytes;
        features.flows++;
        switch (flow.protocol) {
            case Protocols.TCP -> {
                features.tcpPackets += flow.packets;
                if (flow.tcpFlags >= 0 && (flow.tcpFlags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
                    features.synOnlyFlows++;
                }
            }
            case Protocols.UDP -> features.udpPackets += flow.packets;
            case Protocols.ICMP, Protocols.ICMPV6 -> features.icmpPackets += flow.packets;
            default -> {}
        }
        features.sources.add(HostAddress.hash(flow.srcHigh, flow.srcLow));
        features.topSources.add(flow.srcHigh, flow.srcLow, flow.packets);
        if (!Protocols.isIcmp(flow.protocol)) {
            features.topPorts.addPort(flow.dstPort, flow.packets);
        }
        return features;
    }

    @Override
    public InboundFeatures getResult(InboundFeatures features) {
        return features;
    }

    @Override
    public InboundFeatures merge(InboundFeatures a, InboundFeatures b) {
        a.packets += b.packets;
        a.bytes += b.bytes;
        a.flows += b.flows;
        a.synOnlyFlows += b.synOnlyFlows;
        a.tcpPackets += b.tcpPackets;
        a.udpPackets += b.udpPackets;
        a.icmpPackets += b.icmpPackets;
        a.sources.merge(b.sources);
        a.topSources.merge(b.topSources);
        a.topPorts.merge(b.topPorts);
        return a;
    }
}
