package dev.flowsentry.decoder.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.decoder.codec.DemoCapture.Direction;
import dev.flowsentry.decoder.codec.DemoCapture.FlowKey;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * softflowd turns a generated capture into NetFlow v5, v9 and IPFIX; every record the decoder reads
 * matches the traffic that was generated, field by field.
 */
class SoftflowdExportTest {

    private static final IpAddress EXPORTER = IpAddress.parse("127.0.0.1");

    @TempDir static Path directory;

    private static DemoCapture capture;
    private static Path pcap;

    private final DecoderCounters counters = new DecoderCounters();

    @BeforeAll
    static void writeCapture() throws Exception {
        capture = DemoCapture.generate(20240301);
        pcap = directory.resolve("demo.pcap");
        capture.write(pcap);
    }

    private List<FlowRecord> decode(List<byte[]> datagrams) throws NetFlowDecodeException {
        NetFlowDecoder decoder = new NetFlowDecoder(DecoderSettings.defaults(), counters);
        List<FlowRecord> records = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            decoder.decode(
                    EXPORTER,
                    datagram,
                    0,
                    datagram.length,
                    System.currentTimeMillis(),
                    records::add);
        }
        return records;
    }

    @Test
    void netFlowV5RecordsMatchTheGeneratedIpv4Traffic() throws Exception {
        List<FlowRecord> records = decode(Softflowd.export(pcap, directory, "-v", "5"));

        assertMatches(records, capture.expected(5), 5);
        assertThat(counters.lostRecords().sum()).isZero();
    }

    @Test
    void netFlowV9RecordsMatchTheGeneratedTrafficIpv6Included() throws Exception {
        List<FlowRecord> records = decode(Softflowd.export(pcap, directory, "-v", "9"));

        assertMatches(records, capture.expected(9), 9);
        assertThat(counters.lostPackets().sum()).isZero();
        assertThat(counters.templateMisses().sum()).isZero();
    }

    @Test
    void ipfixRecordsMatchTheGeneratedTrafficIpv6Included() throws Exception {
        List<FlowRecord> records = decode(Softflowd.export(pcap, directory, "-v", "10"));

        assertMatches(records, capture.expected(10), 10);
        assertThat(counters.lostRecords().sum()).isZero();
    }

    @Test
    void ipfixBiflowsSplitIntoOneRecordPerDirection() throws Exception {
        List<FlowRecord> records = decode(Softflowd.export(pcap, directory, "-v", "10", "-b"));

        // softflowd -b writes type 0 in the reverse icmpTypeCode of echo replies: not compared.
        assertMatches(records, capture.expected(10), 10, false);
    }

    @Test
    void ipfixWithMillisecondTimesMatches() throws Exception {
        List<FlowRecord> records =
                decode(Softflowd.export(pcap, directory, "-v", "10", "-A", "milli"));

        assertMatches(records, capture.expected(10), 10);
    }

    @Test
    void netFlowV9WithPortTrackingAggregatesByPort() throws Exception {
        List<FlowRecord> records =
                decode(Softflowd.export(pcap, directory, "-v", "9", "-T", "proto"));

        long packets = records.stream().mapToLong(FlowRecord::packets).sum();
        assertThat(packets).isEqualTo(capture.packets.size());
        assertThat(records.size()).isLessThan(capture.expected(9).size());
    }

    private static void assertMatches(
            List<FlowRecord> records, Map<FlowKey, Direction> expected, int version) {
        assertMatches(records, expected, version, true);
    }

    private static void assertMatches(
            List<FlowRecord> records,
            Map<FlowKey, Direction> expected,
            int version,
            boolean icmpTypes) {
        Map<FlowKey, FlowRecord> byKey = new HashMap<>();
        for (FlowRecord record : records) {
            assertThat(byKey.put(FlowKey.of(record), record))
                    .as("one record per direction")
                    .isNull();
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        LongSummaryStatistics offsets = new LongSummaryStatistics();
        for (Map.Entry<FlowKey, Direction> entry : expected.entrySet()) {
            FlowRecord record = byKey.get(entry.getKey());
            Direction direction = entry.getValue();
            assertThat(record.version()).isEqualTo(version);
            assertThat(record.packets())
                    .as("packets of %s", entry.getKey())
                    .isEqualTo(direction.packets);
            assertThat(record.bytes()).as("bytes of %s", entry.getKey()).isEqualTo(direction.bytes);
            assertThat(record.samplingRate()).isEqualTo(1);
            if (record.protocol() == FlowRecord.PROTOCOL_TCP) {
                assertThat(record.tcpFlags())
                        .as("flags of %s", entry.getKey())
                        .isEqualTo(direction.tcpFlags);
            }
            if (record.isIcmp() && icmpTypes) {
                assertThat(record.icmpType())
                        .as("ICMP type of %s", entry.getKey())
                        .isEqualTo(direction.icmpType);
                assertThat(record.icmpCode()).isEqualTo(direction.icmpCode);
            }
            // softflowd reports both directions of a conversation with its first and last time.
            long duration = direction.conversation.lastMs - direction.conversation.firstMs;
            assertThat(record.flowEndMs() - record.flowStartMs())
                    .as("duration of %s", entry.getKey())
                    .isBetween(duration - 2, duration + 2);
            offsets.accept(record.flowStartMs() - direction.conversation.firstMs);
        }
        // softflowd shifts read-from-file times by one offset but keeps their spacing.
        assertThat(offsets.getMax() - offsets.getMin())
                .as("spread of time offsets")
                .isLessThanOrEqualTo(2);
    }
}
