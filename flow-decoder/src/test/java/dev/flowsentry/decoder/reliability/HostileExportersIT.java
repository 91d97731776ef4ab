package dev.flowsentry.decoder.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.testing.EmbeddedKafka;
import dev.flowsentry.traffic.export.ExportProtocol;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, fault 7: hostile, broken and strange exporters ({@link HostileTraffic}) against the
 * decoder (its shaded jar, its own JVM, default settings): every datagram they send is dropped and
 * counted by its reason, exactly; a legitimate exporter (the project's NetFlow v9 exporter) sending
 * at the same time loses nothing; memory stays bounded, also under a flood of the largest datagrams
 * that are slow to decode.
 */
class HostileExportersIT {

    /** The local stack's decoder heap (deploy's FLOWSENTRY_DECODER_HEAP). */
    private static final int DEFAULT_HEAP_MIB = 512;

    /** The default bytes of datagrams queued per decode thread ({@code --queue-capacity-bytes}). */
    private static final long QUEUE_CAPACITY_BYTES = 64L << 20;

    /** Two decode threads with 64 MiB of queued datagrams each, and the idle heap: 256 MiB. */
    private static final int HEAP_MIB = 256;

    /** Beyond the heap: metaspace, code cache, thread stacks, GC structures, direct buffers. */
    private static final long NON_HEAP_ALLOWANCE_BYTES = 192L << 20;

    private static final List<String> REASONS =
            List.of(
                    "truncated_header",
                    "unsupported_version",
                    "length_mismatch",
                    "bad_set_length",
                    "bad_template",
                    "bad_record",
                    "too_many_templates",
                    "too_many_fields",
                    "decoder_fault");

    @Test
    void hostileDatagramsAreDroppedAndCountedByReasonWhileALegitimateExporterLosesNothing()
            throws Exception {
        HostileTraffic hostile = HostileTraffic.prepare();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("flows", 2);
            try (DecoderProcess decoder =
                            DecoderProcess.start(
                                    "hostile",
                                    List.of("-Xmx" + DEFAULT_HEAP_MIB + "m"),
                                    "--bootstrap-servers",
                                    kafka.bootstrapServers(),
                                    "--state-dir",
                                    "none",
                                    "--allow",
                                    HostileTraffic.ALLOW);
                    MemorySampler memory = MemorySampler.start(decoder, 10);
                    ExporterStream legitimate =
                            new ExporterStream(
                                            1,
                                            "127.0.0.41",
                                            decoder.udpPort(),
                                            1000,
                                            ExporterStream.settings(ExportProtocol.NETFLOW_V9))
                                    .start()) {
                await().until(() -> legitimate.flowsSent() > 1000);
                long hostileSent = hostile.send(decoder.udpPort());
                legitimate.stop();
                long sent = hostileSent + legitimate.datagramsSent();
                await().atMost(Duration.ofSeconds(60)).until(() -> settled(decoder, sent));
                ScrapedMetrics after = decoder.metrics();
                int health = decoder.healthStatus();
                memory.close();
                LandedFlows landed = LandedFlows.read(kafka.bootstrapServers(), "flows");
                reportHostile(hostile, legitimate, after, landed, memory);

                assertThat(hostileSent)
                        .isEqualTo(hostile.allowedDatagrams() + hostile.notAllowedDatagrams());
                assertThat(after.datagramsDropped("not_allowed"))
                        .isEqualTo(hostile.notAllowedDatagrams());
                assertThat(after.datagramsReceived())
                        .isEqualTo(hostile.allowedDatagrams() + legitimate.datagramsSent());
                for (String reason : REASONS) {
                    assertThat(after.decodeErrors(reason))
                            .as("decode errors for " + reason)
                            .isEqualTo(hostile.expectedErrors().getOrDefault(reason, 0L));
                }
                assertThat(after.decoder("templates_active"))
                        .isEqualTo(2L * HostileTraffic.MAX_TEMPLATES_PER_EXPORTER + 2 + 4 + 2);
                assertThat(after.decoder("template_misses_total")).isZero();
                assertThat(after.datagramsDropped("queue_full")).isZero();
                assertThat(after.decoder("socket_drops_total")).isZero();
                assertThat(after.decoderSum("records_dropped_total")).isZero();
                assertEveryFlowLanded(legitimate.stream(), legitimate.flowsSent(), landed);
                assertEveryFlowLanded(
                        hostile.validOversized().stream(),
                        PreparedExport.flows(hostile.validOversized().all()),
                        landed);
                assertThat(landed.duplicates()).isZero();
                assertThat(decoder.isRunning()).isTrue();
                assertThat(health).isEqualTo(200);
                assertThat(memory.maxResidentBytes())
                        .isLessThanOrEqualTo((DEFAULT_HEAP_MIB << 20) + NON_HEAP_ALLOWANCE_BYTES);
            }
        }
    }

    /**
     * One allowed exporter sends 6,000 NetFlow v9 datagrams of 65,507 bytes at 2,000 a second, each
     * 65,483 one-byte records without addresses: the receiving thread keeps up, decoding does not.
     * Bounded only in datagrams (8,192 per decode thread), the queue would hold 512 MiB and the
     * decoder ran out of heap; bounded in bytes too, it drops what exceeds 64 MiB and counts it.
     */
    @Test
    void aFloodOfMaximumSizeDatagramsSlowToDecodeIsBoundedInBytesAndTheDecoderStaysUp()
            throws Exception {
        String flooder = "127.0.0.56";
        int templateId = 300;
        byte[] datagram = HostileDatagrams.maxSizeOneByteRecords(templateId);
        long perDatagram = HostileDatagrams.oneByteRecordsPerDatagram();
        try (DecoderProcess decoder =
                        DecoderProcess.start(
                                "oversized-flood",
                                List.of("-Xmx" + HEAP_MIB + "m"),
                                "--stdout",
                                "--state-dir",
                                "none",
                                "--allow",
                                "127.0.0.0/24");
                MemorySampler memory = MemorySampler.start(decoder, 10)) {
            List<byte[]> template = List.of(HostileDatagrams.oneByteTemplate(templateId));
            UdpSender.send(template, flooder, decoder.udpPort(), 0);
            await().until(() -> decoder.metrics().decoder("templates_active") == 1);
            long startNanos = System.nanoTime();
            long sent = UdpSender.send(List.of(datagram), 6000, flooder, decoder.udpPort(), 2000);
            long sendMs = (System.nanoTime() - startNanos) / 1_000_000;
            await().atMost(Duration.ofSeconds(120))
                    .alias("every datagram read or dropped, every decoded one's records counted")
                    .until(() -> floodSettled(decoder, 1 + sent, perDatagram));
            ScrapedMetrics after = decoder.metrics();
            int health = decoder.healthStatus();
            memory.close();
            long received = after.datagramsReceived() - 1;
            long queueDrops = after.datagramsDropped("queue_full");
            System.out.printf(
                    "oversized flood: %d datagrams of %d bytes sent in %d ms; kernel drops %d,"
                            + " received %d, queue drops %d, decoded %d (%d records without"
                            + " addresses); memory: %s (heap limit %d MiB)%n",
                    sent,
                    datagram.length,
                    sendMs,
                    after.decoder("socket_drops_total"),
                    received,
                    queueDrops,
                    received - queueDrops,
                    after.decoder("records_without_addresses_total"),
                    memory,
                    HEAP_MIB);

            assertThat(decoder.isRunning()).isTrue();
            assertThat(health).isEqualTo(200);
            assertThat(Files.readString(decoder.log())).doesNotContain("OutOfMemoryError");
            assertThat(received + after.decoder("socket_drops_total")).isEqualTo(sent);
            assertThat(queueDrops).isPositive();
            assertThat(after.decoder("records_without_addresses_total"))
                    .isEqualTo((received - queueDrops) * perDatagram);
            assertThat(memory.maxQueueBytes()).isLessThanOrEqualTo(2 * QUEUE_CAPACITY_BYTES);
            assertThat(memory.maxResidentBytes())
                    .isLessThanOrEqualTo((HEAP_MIB << 20) + NON_HEAP_ALLOWANCE_BYTES);
        }
    }

    /** Every datagram read or dropped, nothing queued, every decoded datagram's records counted. */
    private static boolean floodSettled(DecoderProcess decoder, long datagrams, long perDatagram)
            throws Exception {
        ScrapedMetrics metrics = decoder.metrics();
        long received = metrics.datagramsReceived();
        long decoded = received - 1 - metrics.datagramsDropped("queue_full");
        return received + metrics.decoder("socket_drops_total") >= datagrams
                && metrics.decoder("queue_depth") == 0
                && metrics.decoder("records_without_addresses_total") == decoded * perDatagram;
    }

    /** Every datagram sent was read or dropped by the kernel, and nothing waits any more. */
    private static boolean settled(DecoderProcess decoder, long datagrams) throws Exception {
        ScrapedMetrics metrics = decoder.metrics();
        return metrics.datagramsReceived()
                                + metrics.datagramsDropped("not_allowed")
                                + metrics.decoder("socket_drops_total")
                        >= datagrams
                && metrics.decoder("queue_depth") == 0
                && metrics.decoder("kafka_in_flight_records") == 0
                && metrics.decoder("publish_buffer_bytes") == 0
                && metrics.decoder("records_published_total")
                                + metrics.decoderSum("records_dropped_total")
                        == metrics.decoder("records_accepted_total");
    }

    private static void assertEveryFlowLanded(int stream, long flows, LandedFlows landed) {
        for (long index = 0; index < flows; index++) {
            if (!landed.contains(FlowIdentity.of(stream, index))) {
                throw new AssertionError("flow " + index + " of stream " + stream + " is missing");
            }
        }
    }

    private static void reportHostile(
            HostileTraffic hostile,
            ExporterStream legitimate,
            ScrapedMetrics metrics,
            LandedFlows landed,
            MemorySampler memory) {
        StringBuilder errors = new StringBuilder();
        for (String reason : REASONS) {
            errors.append(reason).append('=').append(metrics.decodeErrors(reason)).append(' ');
        }
        System.out.printf(
                "hostile exporters: %d datagrams from allowed hostile exporters, %d from"
                        + " addresses outside the allow-list; decode errors %s(expected %s);"
                        + " not_allowed %d; legitimate exporter: %d datagrams, %d flows, landed %d"
                        + " of them; memory: %s (heap limit %d MiB); metrics: %s%n",
                hostile.allowedDatagrams(),
                hostile.notAllowedDatagrams(),
                errors,
                hostile.expectedErrors(),
                metrics.datagramsDropped("not_allowed"),
                legitimate.datagramsSent(),
                legitimate.flowsSent(),
                landed.identities().stream()
                        .filter(identity -> identity >> 32 == legitimate.stream())
                        .count(),
                memory,
                DEFAULT_HEAP_MIB,
                metrics.summary());
    }
}
