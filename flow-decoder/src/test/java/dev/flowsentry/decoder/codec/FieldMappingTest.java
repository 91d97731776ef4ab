package dev.flowsentry.decoder.codec;

import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every flow record field from its information element, and an RFC 5103 biflow's reverse. */
class FieldMappingTest {

    private static final String[] TEMPLATE = {
        "0002 0064 | set 2, 100 bytes",
        "0100 0015 | template 256, 21 fields",
        "001b 0010 | sourceIPv6Address",
        "001c 0010 | destinationIPv6Address",
        "0004 0001 | protocolIdentifier",
        "008b 0002 | icmpTypeCodeIPv6",
        "0001 0008 | octetDeltaCount",
        "0002 0008 | packetDeltaCount",
        "0046 0003 | mplsTopLabelStackSection",
        "003a 0002 | vlanId",
        "0038 0006 | sourceMacAddress",
        "0050 0006 | destinationMacAddress",
        "0010 0004 | bgpSourceAsNumber",
        "0011 0004 | bgpDestinationAsNumber",
        "003e 0010 | ipNextHopIPv6Address",
        "003d 0001 | flowDirection",
        "001d 0001 | sourceIPv6PrefixLength",
        "001e 0001 | destinationIPv6PrefixLength",
        "000a 0004 | ingressInterface",
        "000e 0004 | egressInterface",
        "0005 0001 | ipClassOfService",
        "8001 0008 00007279 | reverse octetDeltaCount (enterprise 29305)",
        "8002 0008 00007279 | reverse packetDeltaCount (enterprise 29305)"
    };

    private static final String[] DATA = {
        "0100 0080 | set 256, 128 bytes",
        "20010db8000000000000000000000001 | 2001:db8::1",
        "20010db8000000000000000000000002 | 2001:db8::2",
        "3a 8100 | ICMPv6, echo reply (129, 0)",
        "00000000000003e8 000000000000000a | 1000 bytes, 10 packets",
        "003e81 | MPLS label 1000, TC 0, bottom of stack",
        "0064 | VLAN 100",
        "020000000001 020000000002 | MACs",
        "fa56ea00 0000fde8 | AS 4200000000 -> AS 65000",
        "20010db80000000000000000000000fe | next hop 2001:db8::fe",
        "01 40 30 | egress, /64 -> /48",
        "00000005 00000006 | interfaces 5 -> 6",
        "28 | tos",
        "00000000000001f4 0000000000000005 | reverse: 500 bytes, 5 packets",
        "00000000 | set padding"
    };

    @Test
    void everyMappedElementReachesItsFlowRecordField() throws Exception {
        List<FlowRecord> flows = new ArrayList<>();
        NetFlowDecoder decoder =
                new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());
        byte[] datagram = ipfix(0, 1, TEMPLATE, DATA);

        decoder.decode(IpAddress.parse("192.0.2.1"), datagram, 0, datagram.length, 0, flows::add);

        assertThat(flows).hasSize(2);
        FlowRecord forward = flows.get(0);
        assertThat(forward.srcAddr()).hasToString("2001:db8::1");
        assertThat(forward.dstAddr()).hasToString("2001:db8::2");
        assertThat(forward.protocol()).isEqualTo(FlowRecord.PROTOCOL_ICMPV6);
        assertThat(forward.icmpType()).isEqualTo(129);
        assertThat(forward.icmpCode()).isZero();
        assertThat(forward.bytes()).isEqualTo(1000);
        assertThat(forward.packets()).isEqualTo(10);
        assertThat(forward.mplsLabel()).isEqualTo(1000);
        assertThat(forward.vlan()).isEqualTo(100);
        assertThat(forward.srcMac()).isEqualTo(0x020000000001L);
        assertThat(forward.dstMac()).isEqualTo(0x020000000002L);
        assertThat(forward.srcAs()).isEqualTo(4_200_000_000L);
        assertThat(forward.dstAs()).isEqualTo(65000);
        assertThat(forward.nextHop()).hasToString("2001:db8::fe");
        assertThat(forward.direction()).isEqualTo(1);
        assertThat(forward.srcMask()).isEqualTo(64);
        assertThat(forward.dstMask()).isEqualTo(48);
        assertThat(forward.inputIf()).isEqualTo(5);
        assertThat(forward.outputIf()).isEqualTo(6);
        assertThat(forward.tos()).isEqualTo(0x28);
        assertThat(forward.samplingRate()).isEqualTo(1);
        assertThat(forward.tcpFlags()).isEqualTo(FlowRecord.ABSENT);

        FlowRecord reverse = flows.get(1);
        assertThat(reverse.srcAddr()).hasToString("2001:db8::2");
        assertThat(reverse.dstAddr()).hasToString("2001:db8::1");
        assertThat(reverse.bytes()).isEqualTo(500);
        assertThat(reverse.packets()).isEqualTo(5);
        assertThat(reverse.srcMac()).isEqualTo(0x020000000002L);
        assertThat(reverse.srcAs()).isEqualTo(65000);
        assertThat(reverse.inputIf()).isEqualTo(6);
        assertThat(reverse.srcMask()).isEqualTo(48);
    }
}
