package dev.flowsentry.detection.features;

import static dev.flowsentry.detection.Flows.echoRequest;
import static dev.flowsentry.detection.Flows.flow;
import static dev.flowsentry.detection.Flows.tcp;
import static dev.flowsentry.detection.Flows.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowsentry.detection.config.AddressMatcher;
import dev.flowsentry.detection.model.FlowEvent;
import org.junit.jupiter.api.Test;

class AggregatesTest {

    private final InboundAggregate inbound = new InboundAggregate();
    private final OutboundAggregate outbound =
            new OutboundAggregate(AddressMatcher.parse("198.51.100.10/32"), 3);

    @Test
    void inboundCountsPacketsBytesFlowsAndTheProtocolMix() {
        InboundFeatures features = inbound.createAccumulator();
        inbound.add(tcp("203.0.113.1", "10.0.0.1", 443, 0x02, 1), features);
        inbound.add(tcp("203.0.113.2", "10.0.0.1", 443, 0x12, 1), features);
        inbound.add(tcp("203.0.113.2", "10.0.0.1", 443, 0x1B, 10), features);
        FlowEvent udp = flow("203.0.113.3", "10.0.0.1", 1);
        udp.protocol = Protocols.UDP;
        udp.packets = 7;
        inbound.add(udp, features);
        FlowEvent icmp = flow("203.0.113.3", "10.0.0.1", 1);
        icmp.protocol = Protocols.ICMP;
        icmp.packets = 3;
        inbound.add(icmp, features);

        assertThat(features.flows).isEqualTo(5);
        assertThat(features.packets).isEqualTo(22);
        assertThat(features.synOnlyFlows).isEqualTo(1);
        assertThat(features.tcpPackets).isEqualTo(12);
        assertThat(features.udpPackets).isEqualTo(7);
        assertThat(features.icmpPackets).isEqualTo(3);
        assertThat(features.sources.estimate()).isEqualTo(3);
        assertThat(features.topSources.heaviestKey()).isEqualTo("203.0.113.2");
        assertThat(features.topPorts.heaviestPort()).isEqualTo(443);
    }

    @Test
    void inboundDistinctSourcesCrossIntoTheSketchUnderASpoofedFlood() {
        InboundFeatures features = inbound.createAccumulator();
        for (int i = 0; i < 50_000; i++) {
            FlowEvent syn = tcp("203.0.113.1", "10.0.0.1", 80, 0x02, 1);
            syn.srcLow = 0xFFFF_0000_0000L | (0x0B00_0000 + i);
            inbound.add(syn, features);
        }
        assertThat(features.sources.isExact()).isFalse();
        assertThat((double) features.sources.estimate()).isCloseTo(50_000, within(2_500.0));
        assertThat(features.synOnlyFlows).isEqualTo(50_000);
    }

    @Test
    void inboundMergeAddsBothWindowsParts() {
        InboundFeatures a = inbound.createAccumulator();
        InboundFeatures b = inbound.createAccumulator();
        inbound.add(tcp("203.0.113.1", "10.0.0.1", 443, 0x02, 1), a);
        inbound.add(tcp("203.0.113.9", "10.0.0.1", 443, 0x02, 1), b);
        InboundFeatures merged = inbound.merge(a, b);
        assertThat(merged.synOnlyFlows).isEqualTo(2);
        assertThat(merged.sources.estimate()).isEqualTo(2);
    }

    @Test
    void failedAttemptsAreSynWithoutAckResetsAndSingleUdpPackets() {
        assertThat(outbound.attempt(tcp("10.0.0.1", "10.0.0.2", 22, 0x02, 1)))
                .isEqualTo(OutboundAggregate.FAILED);
        assertThat(outbound.attempt(tcp("10.0.0.1", "10.0.0.2", 22, 0x06, 2)))
                .isEqualTo(OutboundAggregate.FAILED);
        assertThat(outbound.attempt(tcp("10.0.0.1", "10.0.0.2", 22, 0x1B, 9)))
                .isEqualTo(OutboundAggregate.ANSWERED);
        FlowEvent probe = flow("10.0.0.1", "10.0.0.2", 1);
        probe.protocol = Protocols.UDP;
        probe.dstPort = 161;
        probe.packets = 1;
        assertThat(outbound.attempt(probe)).isEqualTo(OutboundAggregate.FAILED);
    }

    @Test
    void udpAndEchoFlowsAreJudgedByTheirExportedPacketsAndLongOnesAreTraffic() {
        assertThat(outbound.attempt(udp("10.0.0.1", "10.0.0.2", 161, 1, 1000)))
                .as("a sampled one-packet probe")
                .isEqualTo(OutboundAggregate.FAILED);
        assertThat(outbound.attempt(echoRequest("10.0.0.1", "10.0.0.2", 1, 512)))
                .isEqualTo(OutboundAggregate.FAILED);
        assertThat(outbound.attempt(udp("10.0.0.1", "10.0.0.2", 161, 2, 1)))
                .isEqualTo(OutboundAggregate.ANSWERED);
        assertThat(outbound.attempt(udp("10.0.0.1", "10.0.0.2", 161, 3, 1000)))
                .isEqualTo(OutboundAggregate.ANSWERED);
        assertThat(outbound.attempt(udp("10.0.0.1", "10.0.0.2", 161, 4, 1)))
                .as("a stream, not a probe")
                .isEqualTo(OutboundAggregate.NOT_AN_ATTEMPT);
        assertThat(outbound.attempt(echoRequest("10.0.0.1", "10.0.0.2", 60, 1)))
                .isEqualTo(OutboundAggregate.NOT_AN_ATTEMPT);
        assertThat(
                        new OutboundAggregate(AddressMatcher.empty(), 10)
                                .attempt(udp("10.0.0.1", "10.0.0.2", 161, 10, 1)))
                .isEqualTo(OutboundAggregate.ANSWERED);
    }

    @Test
    void serverAnswersAndMidConnectionFlowsAreNotAttempts() {
        FlowEvent answer = tcp("10.0.0.2", "10.0.0.1", 50123, 0x12, 1);
        answer.srcPort = 443;
        assertThat(outbound.attempt(answer)).isEqualTo(OutboundAggregate.NOT_AN_ATTEMPT);
        assertThat(outbound.attempt(tcp("10.0.0.1", "10.0.0.2", 22, 0x18, 40)))
                .isEqualTo(OutboundAggregate.NOT_AN_ATTEMPT);
    }

    @Test
    void outboundFanoutCountsHostsPerPortAndPortsPerHost() {
        OutboundFeatures features = outbound.createAccumulator();
        for (int host = 1; host <= 100; host++) {
            outbound.add(tcp("203.0.113.66", "10.0.2." + host, 22, 0x02, 1), features);
        }
        for (int port = 1000; port < 1050; port++) {
            outbound.add(tcp("203.0.113.66", "10.0.1.50", port, 0x02, 1), features);
        }
        int widestPort = features.portFanout.widest(0.2);
        assertThat(features.portFanout.keyLow[widestPort]).isEqualTo(22);
        assertThat(features.portFanout.score(widestPort, 0.2)).isCloseTo(100, within(5.0));
        int widestHost = features.hostFanout.widest(0.2);
        assertThat(features.hostFanout.score(widestHost, 0.2)).isEqualTo(50);
        assertThat(features.failedAttempts).isEqualTo(150);
        assertThat(features.destinations.estimate()).isEqualTo(101);
    }

    @Test
    void answeredAttemptsWeighLessThanFailedOnes() {
        OutboundFeatures features = outbound.createAccumulator();
        for (int host = 1; host <= 100; host++) {
            outbound.add(tcp("10.0.0.7", "10.0.2." + host, 443, 0x1B, 10), features);
        }
        assertThat(features.portFanout.score(features.portFanout.widest(0.2), 0.2)).isEqualTo(20);
    }

    @Test
    void externalBytesLeaveOutInternalAndAllowListedPeers() {
        OutboundFeatures features = outbound.createAccumulator();
        outbound.add(flow("10.0.3.15", "203.0.113.200", 1), features);
        outbound.add(flow("10.0.3.15", "203.0.113.200", 1), features);
        outbound.add(flow("10.0.3.15", "198.51.100.10", 1), features);
        outbound.add(flow("10.0.3.15", "10.0.0.53", 1), features);

        assertThat(features.externalBytes).isEqualTo(10_000);
        assertThat(features.externalFlows).isEqualTo(2);
        assertThat(features.bytes).isEqualTo(20_000);
        assertThat(features.topExternalPeers.heaviestKey()).isEqualTo("203.0.113.200");
    }

    @Test
    void fanoutFollowsAGrowingKeyWhileOneOffKeysComeAndGo() {
        OutboundFeatures features = outbound.createAccumulator();
        for (int i = 1; i <= 200; i++) {
            outbound.add(tcp("10.0.0.9", "10.0.2." + i, 22, 0x02, 1), features);
            outbound.add(tcp("10.0.0.9", "10.0.3." + i, 1000 + i, 0x1B, 5), features);
        }
        int widest = features.portFanout.widest(0.2);
        assertThat(features.portFanout.keyLow[widest]).isEqualTo(22);
        assertThat(features.portFanout.score(widest, 0.2)).isCloseTo(200, within(10.0));
    }
}
