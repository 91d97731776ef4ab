package dev.flowsentry.decoder.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.testing.EmbeddedKafka;
import dev.flowsentry.traffic.export.ExportProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, fault 6: export datagrams sent faster than the decoder (its shaded jar, its own JVM, one
 * decode thread) can decode them. It stays up, sheds load at its bounded queue, at the socket and
 * at its publish buffer, and counts all of it: sent = kernel drops + queue drops + decoded, and the
 * decoded records = those in the topic + those dropped at the publish buffer, checked flow by flow.
 * When the rate falls it recovers: a burst at a normal rate afterwards loses nothing. Its memory
 * stays within a bound derived from its settings.
 */
class OverloadIT {

    private static final int QUEUE_CAPACITY = 2048;
    private static final long PUBLISH_BUFFER_BYTES = 16L << 20;
    private static final long PRODUCER_BUFFER_BYTES = 16L << 20;

    /**
     * The buffers the settings allow to fill are about 35 MiB (2048 queued datagrams of 1.4 kB, the
     * 16 MiB publish buffer, the 16 MiB producer buffer), the idle live heap about 15 MiB: 160 MiB
     * leaves G1 room for its young generation, and nothing more.
     */
    private static final int HEAP_MIB = 160;

    /** Beyond the heap: metaspace, code cache, thread stacks, GC structures, direct buffers. */
    private static final long NON_HEAP_ALLOWANCE_BYTES = 192L << 20;

    private static final String[] EXPORTERS = {"127.0.0.31", "127.0.0.32"};
    private static final int WARM_UP = 100;
    private static final int BLAST = 25_000;
    private static final int RECOVERY = 500;

    /**
     * Per exporter: 50,000 datagrams/s in all (a million flows/s), above what one decode thread
     * takes even on an idle machine (lossless up to 20,000 datagrams/s of 31 flows in the ingest
     * benchmark).
     */
    private static final int BLAST_PER_SECOND = 25_000;

    private static final int NORMAL_PER_SECOND = 1000;

    @TempDir Path directory;

    @Test
    void overloadIsShedCountedExactlyAndANormalRateAfterwardsLosesNothing() throws Exception {
        List<PreparedExport> exports = prepare();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("flows", 2);
            try (DecoderProcess decoder = startDecoder(kafka);
                    MemorySampler memory = MemorySampler.start(decoder, 10)) {
                Phase warmUp = Phase.run(decoder, exports, 0, WARM_UP, NORMAL_PER_SECOND);
                long idleLiveHeapBytes = decoder.liveHeapBytes();
                Phase blast = Phase.run(decoder, exports, WARM_UP, BLAST, BLAST_PER_SECOND);
                Phase recovery =
                        Phase.run(decoder, exports, WARM_UP + BLAST, RECOVERY, NORMAL_PER_SECOND);
                int health = decoder.healthStatus();
                memory.close();
                long liveHeapBytes = decoder.liveHeapBytes();
                LandedFlows landed = LandedFlows.read(kafka.bootstrapServers(), "flows");
                System.out.printf(
                        "overload: %s%n  warm-up: %s%n  blast: %s%n  recovery: %s%n  memory: %s;"
                                + " live heap %d MiB idle, %d MiB after (heap limit %d MiB)%n",
                        recovery.after.summary(),
                        warmUp.describe(landed),
                        blast.describe(landed),
                        recovery.describe(landed),
                        memory,
                        idleLiveHeapBytes >> 20,
                        liveHeapBytes >> 20,
                        HEAP_MIB);

                assertThat(decoder.isRunning()).isTrue();
                assertThat(health).isEqualTo(200);
                assertThat(Files.readString(decoder.log())).doesNotContain("OutOfMemoryError");
                assertLossless(warmUp, landed);
                assertEveryDatagramAccountedFor(blast, landed);
                assertLossless(recovery, landed);
                assertThat(landed.duplicates()).isZero();
                assertThat(memory.maxResidentBytes())
                        .isLessThanOrEqualTo((HEAP_MIB << 20) + NON_HEAP_ALLOWANCE_BYTES);
                assertThat(memory.maxQueueBytes()).isLessThanOrEqualTo(QUEUE_CAPACITY * 1400L);
                assertThat(liveHeapBytes)
                        .isLessThanOrEqualTo(idleLiveHeapBytes + PRODUCER_BUFFER_BYTES + (8 << 20));
            }
        }
    }

    private static void assertEveryDatagramAccountedFor(Phase blast, LandedFlows landed) {
        Accounting accounting = Accounting.of(blast, landed);
        long kernelDrops = blast.delta("socket_drops_total");
        long queueDrops = blast.delta("datagrams_dropped_total{reason=\"queue_full\"}");
        long received = blast.after.datagramsReceived() - blast.before.datagramsReceived();
        long recordsDecoded =
                blast.after.decoderSum("records_total") - blast.before.decoderSum("records_total");
        long recordsDropped =
                blast.after.decoderSum("records_dropped_total")
                        - blast.before.decoderSum("records_dropped_total");

        assertThat(queueDrops).isPositive();
        assertThat(blast.sent).isEqualTo(2L * BLAST).isEqualTo(kernelDrops + received);
        assertThat(recordsDecoded).isEqualTo(accounting.landedFlows + recordsDropped);
        assertThat(recordsDropped)
                .isEqualTo(blast.delta("records_dropped_total{reason=\"buffer_full\"}"));
        assertThat(accounting.landedWhole + accounting.lost).isEqualTo(blast.sent);
        assertThat(accounting.landedWhole).isLessThanOrEqualTo(received - queueDrops);
    }

    private static void assertLossless(Phase phase, LandedFlows landed) {
        Accounting accounting = Accounting.of(phase, landed);
        assertThat(phase.sent).isEqualTo(2L * phase.count);
        assertThat(accounting.landedWhole).isEqualTo(phase.sent);
        assertThat(phase.delta("socket_drops_total")).isZero();
        assertThat(phase.delta("datagrams_dropped_total{reason=\"queue_full\"}")).isZero();
        assertThat(phase.after.decoderSum("records_dropped_total"))
                .isEqualTo(phase.before.decoderSum("records_dropped_total"));
    }

    private static List<PreparedExport> prepare() throws Exception {
        List<PreparedExport> exports = new ArrayList<>();
        for (int i = 0; i < EXPORTERS.length; i++) {
            ExportProtocol protocol = i == 0 ? ExportProtocol.NETFLOW_V9 : ExportProtocol.IPFIX;
            exports.add(
                    PreparedExport.generate(
                            i + 1, EXPORTERS[i], protocol, WARM_UP + BLAST + RECOVERY));
        }
        return exports;
    }

    private DecoderProcess startDecoder(EmbeddedKafka kafka) throws Exception {
        return DecoderProcess.start(
                "overload",
                List.of("-Xmx" + HEAP_MIB + "m", "-XX:+UseG1GC"),
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "flows",
                "--state-dir",
                "none",
                "--allow",
                "127.0.0.0/24",
                "--decode-workers",
                "1",
                "--queue-capacity",
                String.valueOf(QUEUE_CAPACITY),
                "--receive-buffer-bytes",
                "1048576",
                "--publish-buffer-bytes",
                String.valueOf(PUBLISH_BUFFER_BYTES),
                "--producer-buffer-bytes",
                String.valueOf(PRODUCER_BUFFER_BYTES));
    }

    /**
     * Datagrams {@code first .. first + count - 1} of every export, sent by one thread per exporter
     * at a rate, with the decoder's metrics before and once it has settled after.
     */
    private record Phase(
            List<PreparedExport> exports,
            int first,
            int count,
            long sent,
            long elapsedMs,
            ScrapedMetrics before,
            ScrapedMetrics after) {

        static Phase run(
                DecoderProcess decoder,
                List<PreparedExport> exports,
                int first,
                int count,
                int perSecond)
                throws Exception {
            ScrapedMetrics before = decoder.metrics();
            long startNanos = System.nanoTime();
            long sent = sendAll(exports, decoder, first, first + count, perSecond);
            long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
            long expected =
                    before.datagramsReceived() + before.decoder("socket_drops_total") + sent;
            await().atMost(Duration.ofSeconds(120)).until(() -> settled(decoder, expected));
            return new Phase(exports, first, count, sent, elapsedMs, before, decoder.metrics());
        }

        long delta(String sample) {
            return after.decoder(sample) - before.decoder(sample);
        }

        String describe(LandedFlows landed) {
            long queueDrops = delta("datagrams_dropped_total{reason=\"queue_full\"}");
            long received = after.datagramsReceived() - before.datagramsReceived();
            return String.format(
                    "%d datagrams sent in %d ms; kernel drops %d, queue drops %d, decoded %d;"
                            + " records decoded %d, dropped at the publish buffer %d; in the"
                            + " topic: %s",
                    sent,
                    elapsedMs,
                    delta("socket_drops_total"),
                    queueDrops,
                    received - queueDrops,
                    after.decoderSum("records_total") - before.decoderSum("records_total"),
                    after.decoderSum("records_dropped_total")
                            - before.decoderSum("records_dropped_total"),
                    Accounting.of(this, landed));
        }
    }

    /** Every datagram sent was read or dropped by the kernel, and nothing waits any more. */
    private static boolean settled(DecoderProcess decoder, long datagrams) throws Exception {
        ScrapedMetrics metrics = decoder.metrics();
        return metrics.datagramsReceived() + metrics.decoder("socket_drops_total") >= datagrams
                && metrics.decoder("queue_depth") == 0
                && metrics.decoder("publish_buffer_bytes") == 0
                && metrics.decoder("kafka_in_flight_records") == 0
                && metrics.decoder("records_published_total")
                                + metrics.decoderSum("records_dropped_total")
                        == metrics.decoder("records_accepted_total");
    }

    private static long sendAll(
            List<PreparedExport> exports, DecoderProcess decoder, int from, int to, int perSecond)
            throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(exports.size());
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < exports.size(); i++) {
                PreparedExport export = exports.get(i);
                String source = EXPORTERS[i];
                Callable<Long> send =
                        () ->
                                PreparedExport.send(
                                        export.range(from, to),
                                        source,
                                        decoder.udpPort(),
                                        perSecond);
                sent.add(senders.submit(send));
            }
            long total = 0;
            for (Future<Long> future : sent) {
                total += future.get();
            }
            return total;
        } finally {
            senders.shutdownNow();
        }
    }

    /** Which datagrams of a phase are in the topic: all their flows, none, or only some. */
    private record Accounting(long landedWhole, long lost, long partial, long landedFlows) {

        static Accounting of(Phase phase, LandedFlows landed) {
            long whole = 0;
            long lost = 0;
            long partial = 0;
            long flows = 0;
            for (PreparedExport export : phase.exports) {
                for (PreparedExport.Datagram datagram :
                        export.range(phase.first, phase.first + phase.count)) {
                    long present = present(export, datagram, landed);
                    flows += present;
                    if (present == datagram.records()) {
                        whole++;
                    } else if (present == 0) {
                        lost++;
                    } else {
                        partial++;
                    }
                }
            }
            return new Accounting(whole, lost, partial, flows);
        }

        private static long present(
                PreparedExport export, PreparedExport.Datagram datagram, LandedFlows landed) {
            long present = 0;
            for (int i = 0; i < datagram.records(); i++) {
                if (landed.contains(FlowIdentity.of(export.stream(), datagram.firstIndex() + i))) {
                    present++;
                }
            }
            return present;
        }

        @Override
        public String toString() {
            return String.format(
                    "%d datagrams whole (%d flows), %d not at all, %d in part",
                    landedWhole, landedFlows, lost, partial);
        }
    }
}
