package dev.flowsentry.traffic.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The exporter over a real UDP socket, its packing, its domains and its pacing. */
class FlowExporterTest {

    @Test
    void everyRecordReachesACollectorSocketInDatagramsWithinTheSizeLimit() throws Exception {
        List<FlowRecord> flows = ExportFixtures.mixedFlows(2_000, 30);
        ExporterSettings settings =
                ExporterSettings.defaults()
                        .withProtocol(ExportProtocol.IPFIX)
                        .withMaxDatagramBytes(1200);

        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setReceiveBufferSize(8 * 1024 * 1024);
            InetSocketAddress address =
                    new InetSocketAddress(
                            InetAddress.getLoopbackAddress(), collector.getLocalPort());
            FlowExporter.ExportSummary summary;
            try (FlowExporter exporter = FlowExporter.open(address, settings)) {
                summary = exporter.exportAll(flows.iterator());
            }

            List<byte[]> received = receiveAll(collector, summary.datagrams());
            assertThat(received).hasSize((int) summary.datagrams());
            assertThat(received)
                    .allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(1200));
            long lastSequence =
                    ByteBuffer.wrap(received.get(received.size() - 1)).getInt(8) & 0xFFFFFFFFL;
            assertThat(lastSequence + recordsIn(received.get(received.size() - 1)))
                    .isEqualTo(flows.size());
            assertThat(summary.records()).isEqualTo(flows.size());
        }
    }

    @Test
    void eachExporterOfTheRecordsGetsItsOwnObservationDomainAndSequence() throws Exception {
        List<FlowRecord> flows = new ArrayList<>();
        for (FlowRecord flow : ExportFixtures.mixedFlows(600, 10)) {
            IpAddress router = IpAddress.parse("192.0.2." + (flows.size() % 3 + 1));
            flows.add(
                    FlowRecord.builder().from(flow).exporter(router).observationDomain(0).build());
        }

        List<ExportDatagram> datagrams = ExportFixtures.export(flows, ExporterSettings.defaults());

        Map<Long, List<Long>> sequencesByDomain = new TreeMap<>();
        for (ExportDatagram datagram : datagrams) {
            ByteBuffer header = ByteBuffer.wrap(datagram.bytes());
            sequencesByDomain
                    .computeIfAbsent(header.getInt(16) & 0xFFFFFFFFL, domain -> new ArrayList<>())
                    .add(header.getInt(12) & 0xFFFFFFFFL);
        }
        assertThat(sequencesByDomain).containsOnlyKeys(0L, 1L, 2L);
        sequencesByDomain
                .values()
                .forEach(
                        sequences ->
                                assertThat(sequences)
                                        .isEqualTo(countingFromZero(sequences.size())));
    }

    @Test
    void aRecordWaitsAtMostTheFlushIntervalOfFlowTime() throws Exception {
        List<FlowRecord> flows = ExportFixtures.mixedFlows(100, 50);
        ExporterSettings settings =
                ExporterSettings.defaults()
                        .withFlushInterval(Duration.ofSeconds(2))
                        .withMaxDatagramBytes(65_000);

        List<ExportDatagram> datagrams = ExportFixtures.export(flows, settings);

        assertThat(datagrams).hasSizeBetween(20, 30);
        assertThat(datagrams.stream().mapToInt(ExportDatagram::dataRecords).sum()).isEqualTo(100);
    }

    @Test
    void scaledRealTimeSendsEachMessageAtItsFlowTimeDividedBySpeed() throws Exception {
        List<Long> sleptNanos = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        Pacer pacer =
                new Pacer(
                        10,
                        0,
                        clock::get,
                        nanos -> {
                            sleptNanos.add(nanos);
                            clock.addAndGet(nanos);
                        });
        List<ExportDatagram> sent = new ArrayList<>();
        FlowExporter exporter =
                new FlowExporter(sent::add, ExporterSettings.defaults().withSpeed(10), pacer);

        exporter.exportAll(ExportFixtures.mixedFlows(1_000, 60).iterator());

        long flowSpanMs = sent.get(sent.size() - 1).exportTimeMs() - sent.get(0).exportTimeMs();
        assertThat(flowSpanMs).isBetween(58_000L, 61_000L);
        assertThat(Duration.ofNanos(clock.get())).isEqualTo(Duration.ofMillis(flowSpanMs / 10));
    }

    @Test
    void asFastAsPossibleStillKeepsUnderTheDatagramRateCap() throws Exception {
        AtomicLong clock = new AtomicLong();
        Pacer pacer = new Pacer(0, 1_000, clock::get, clock::addAndGet);
        List<ExportDatagram> sent = new ArrayList<>();
        FlowExporter exporter = new FlowExporter(sent::add, ExporterSettings.defaults(), pacer);

        exporter.exportAll(ExportFixtures.mixedFlows(3_000, 600).iterator());

        assertThat(sent.size()).isGreaterThan(100);
        assertThat(Duration.ofNanos(clock.get()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(sent.size() - 2));
    }

    @Test
    void invalidSettingsAreRejectedNotClamped() {
        assertThatThrownBy(() -> ExporterSettings.defaults().withMaxDatagramBytes(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDatagramBytes");
        assertThatThrownBy(() -> ExporterSettings.defaults().withSpeed(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExporterSettings.defaults().withSamplingRate(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExportProtocol.parse("v5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("netflow9 or ipfix");
    }

    private static List<byte[]> receiveAll(DatagramSocket collector, long expected)
            throws Exception {
        List<byte[]> received = new ArrayList<>();
        collector.setSoTimeout(2_000);
        byte[] buffer = new byte[65_535];
        try {
            while (received.size() < expected) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                collector.receive(packet);
                received.add(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
            }
        } catch (SocketTimeoutException e) {
            return received;
        }
        return received;
    }

    /** Data records in an IPFIX message: the lengths of its data sets over the record sizes. */
    private static int recordsIn(byte[] message) {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        int records = 0;
        int offset = 16;
        while (offset + 4 <= message.length) {
            int setId = buffer.getShort(offset) & 0xFFFF;
            int length = buffer.getShort(offset + 2) & 0xFFFF;
            if (setId == ExportTemplate.IPV4_TEMPLATE_ID
                    || setId == ExportTemplate.IPV6_TEMPLATE_ID) {
                ExportTemplate template =
                        setId == ExportTemplate.IPV4_TEMPLATE_ID
                                ? ExportTemplate.ipv4(ExportProtocol.IPFIX)
                                : ExportTemplate.ipv6(ExportProtocol.IPFIX);
                records += (length - 4) / template.recordLengthBytes();
            }
            offset += length;
        }
        return records;
    }

    private static List<Long> countingFromZero(int count) {
        List<Long> sequence = new ArrayList<>();
        for (long index = 0; index < count; index++) {
            sequence.add(index);
        }
        return sequence;
    }
}
