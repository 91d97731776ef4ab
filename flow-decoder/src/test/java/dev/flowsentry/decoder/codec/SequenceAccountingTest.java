package dev.flowsentry.decoder.codec;

import static dev.flowsentry.decoder.codec.LabelledHex.bytes;
import static dev.flowsentry.decoder.codec.LabelledHex.hex;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.IPFIX_TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.data256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfix;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfixData256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9Header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.flow.IpAddress;
import org.junit.jupiter.api.Test;

/** Sequence gaps in each version's unit: v5 flows, v9 export packets, IPFIX data records. */
class SequenceAccountingTest {

    private static final IpAddress EXPORTER = IpAddress.parse("192.0.2.9");

    private final DecoderCounters counters = new DecoderCounters();
    private final NetFlowDecoder decoder = new NetFlowDecoder(DecoderSettings.defaults(), counters);

    private void decode(byte[] datagram) throws NetFlowDecodeException {
        decoder.decode(EXPORTER, datagram, 0, datagram.length, 0, record -> {});
    }

    private static byte[] v5(long sequence, int records) {
        String[] lines = new String[4 + records];
        lines[0] = "0005 " + hex(records, 2) + " 00001000 | version 5, count, sysUptime";
        lines[1] = "6553f100 00000000 | unix secs, nsecs";
        lines[2] = hex(sequence, 4) + " 00 00 0000 | flow sequence, engine, no sampling";
        lines[3] = "";
        for (int i = 0; i < records; i++) {
            lines[4 + i] =
                    "0a000001 0a000002 00000000 0000 0000 00000001 00000040 00000f00"
                            + " 00000f80 0400 0050 00 02 06 00 0000 0000 00 00 0000 | one flow";
        }
        return bytes(lines);
    }

    @Test
    void netFlowV5CountsMissingFlows() throws Exception {
        decode(v5(0, 2));
        decode(v5(2, 3));
        decode(v5(10, 1));

        assertThat(counters.sequenceGaps().sum()).isEqualTo(1);
        assertThat(counters.lostRecords().sum()).isEqualTo(5); // flows 5 to 9
        assertThat(counters.lostPackets().sum()).isZero();
    }

    @Test
    void netFlowV9CountsMissingExportPacketsAndNotReorderedOnes() throws Exception {
        decode(v9(v9Header(1, 1000, 1, 0), TEMPLATE_256));
        decode(v9(v9Header(1, 1000, 2, 0), data256(1, 900, 950)));
        decode(v9(v9Header(1, 1000, 5, 0), data256(1, 900, 950)));
        decode(v9(v9Header(1, 1000, 4, 0), data256(1, 900, 950))); // late, not lost
        decode(v9(v9Header(1, 1000, 6, 0), data256(1, 900, 950)));

        assertThat(counters.sequenceGaps().sum()).isEqualTo(1);
        assertThat(counters.lostPackets().sum()).isEqualTo(2);
        assertThat(counters.lostRecords().sum()).isZero();
    }

    @Test
    void netFlowV9SourceIdsHaveTheirOwnSequences() throws Exception {
        decode(v9(v9Header(1, 1000, 100, 1), TEMPLATE_256));
        decode(v9(v9Header(1, 1000, 7, 2), TEMPLATE_256));
        decode(v9(v9Header(1, 1000, 101, 1), TEMPLATE_256));
        decode(v9(v9Header(1, 1000, 8, 2), TEMPLATE_256));

        assertThat(counters.sequenceGaps().sum()).isZero();
    }

    @Test
    void anExporterRestartIsAResetNotAHugeLoss() throws Exception {
        decode(v9(v9Header(1, 1000, 3_000_000_000L, 0), TEMPLATE_256));
        decode(v9(v9Header(1, 10, 0, 0), TEMPLATE_256));
        decode(v9(v9Header(1, 20, 1, 0), TEMPLATE_256));

        assertThat(counters.sequenceResets().sum()).isEqualTo(1);
        assertThat(counters.lostPackets().sum()).isZero();
    }

    @Test
    void netFlowV9SequenceWrapsAt32Bits() throws Exception {
        decode(v9(v9Header(1, 1000, 0xFFFF_FFFFL, 0), TEMPLATE_256));
        decode(v9(v9Header(1, 1000, 0, 0), TEMPLATE_256));
        decode(v9(v9Header(1, 1000, 2, 0), TEMPLATE_256));

        assertThat(counters.lostPackets().sum()).isEqualTo(1);
    }

    @Test
    void ipfixCountsMissingDataRecords() throws Exception {
        decode(ipfix(0, 3, IPFIX_TEMPLATE_256, ipfixData256(1, 0, 0)));
        decode(ipfix(1, 3, ipfixData256(1, 0, 0), ipfixData256(1, 0, 0)));
        decode(ipfix(6, 3, ipfixData256(1, 0, 0)));

        assertThat(counters.sequenceGaps().sum()).isEqualTo(1);
        assertThat(counters.lostRecords().sum()).isEqualTo(3); // records 3, 4 and 5
    }

    @Test
    void ipfixExportersThatCountTheCurrentMessageAreUnderstood() throws Exception {
        // softflowd numbers a message with the records sent including its own.
        decode(ipfix(1, 3, IPFIX_TEMPLATE_256, ipfixData256(1, 0, 0)));
        decode(ipfix(3, 3, ipfixData256(1, 0, 0), ipfixData256(1, 0, 0)));
        decode(ipfix(4, 3, ipfixData256(1, 0, 0)));
        decode(ipfix(7, 3, ipfixData256(1, 0, 0)));

        assertThat(counters.sequenceGaps().sum()).isEqualTo(1);
        assertThat(counters.lostRecords().sum()).isEqualTo(2);
    }
}
