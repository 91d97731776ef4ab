package dev.flowsentry.decoder.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.decoder.codec.DecoderCounters;
import dev.flowsentry.decoder.codec.DecoderSettings;
import dev.flowsentry.decoder.codec.NetFlowDecoder;
import dev.flowsentry.decoder.codec.TemplateStore;
import dev.flowsentry.testing.EmbeddedKafkaExtension;
import dev.flowsentry.traffic.export.ExportProtocol;
import dev.flowsentry.traffic.export.ExporterSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, fault 4: the decoder (its shaded jar, its own JVM) is stopped with SIGTERM, or killed
 * with SIGKILL after a periodic template snapshot, and started again on the same port and state
 * directory while a NetFlow v9 and an IPFIX exporter keep sending. The exporters sent their
 * templates only in their first datagram, long before the restart; the restarted decoder decodes
 * their data at once from its persisted templates: no template miss, nothing held, every flow sent
 * after it was up lands.
 */
class DecoderRestartIT {

    private static final int FLOWS_PER_SECOND = 1000;
    private static final Duration LANDING = Duration.ofSeconds(60);

    @TempDir static Path directory;
    @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void afterSigtermTheRestartedDecoderDecodesAtOnceWithTheTemplatesSavedAtShutdown()
            throws Exception {
        Restart restart = new Restart("sigterm", "60000");
        restart.run(false);

        restart.assertDecodedAtOnce();
        assertThat(restart.landed.duplicates()).isZero();
        restart.assertEveryFlowSentBeforeTheStopLanded();
        assertThat(restart.flowsSent() - restart.landed.distinct())
                .isLessThanOrEqualTo(restart.flowsSentWhileDown());
    }

    @Test
    void afterSigkillTheRestartedDecoderDecodesAtOnceWithTheTemplatesOfItsLastSnapshot()
            throws Exception {
        Restart restart = new Restart("sigkill", "1000");
        restart.run(true);

        restart.assertDecodedAtOnce();
        assertThat(restart.landed.duplicates()).isZero();
    }

    /** One run: export, stop or kill the decoder, start it again, export on, read the topic. */
    private static final class Restart {
        private final String name;
        private final String saveIntervalMs;
        private final Path state;
        private ExporterStream netflow;
        private ExporterStream ipfix;
        private long stoppedNanos;
        private long upAgainNanos;
        private ScrapedMetrics restarted;
        private LandedFlows landed;

        Restart(String name, String saveIntervalMs) {
            this.name = name;
            this.saveIntervalMs = saveIntervalMs;
            this.state = directory.resolve(name + "-state");
        }

        void run(boolean kill) throws Exception {
            String topic = "flows-" + name;
            kafka.createTopic(topic, 2);
            try (DecoderProcess decoder = start(topic)) {
                netflow = exporter(1, "127.0.0.21", decoder, ExportProtocol.NETFLOW_V9);
                ipfix = exporter(2, "127.0.0.22", decoder, ExportProtocol.IPFIX);
                try {
                    await().atMost(LANDING)
                            .until(
                                    () ->
                                            decoder.metrics().decoder("records_published_total")
                                                    >= 2000);
                    stop(decoder, kill);
                    long sentWhileDown = netflow.flowsSent() + ipfix.flowsSent();
                    await().until(
                                    () ->
                                            netflow.flowsSent() + ipfix.flowsSent()
                                                    > sentWhileDown + 1000);

                    decoder.launch();
                    upAgainNanos = System.nanoTime();
                    long sentAtStart = netflow.flowsSent() + ipfix.flowsSent();
                    await().until(
                                    () ->
                                            netflow.flowsSent() + ipfix.flowsSent()
                                                    > sentAtStart + 4000);
                } finally {
                    netflow.close();
                    ipfix.close();
                }
                long sentAfterStart = flowsSentSince(netflow) + flowsSentSince(ipfix);
                await().atMost(LANDING).until(() -> allAcceptedLanded(decoder, sentAfterStart));
                restarted = decoder.metrics();
                landed = LandedFlows.read(kafka.bootstrapServers(), topic);
                report();
            }
        }

        private DecoderProcess start(String topic) throws Exception {
            return DecoderProcess.start(
                    "restart-" + name,
                    List.of("-Xmx256m"),
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--topic",
                    topic,
                    "--state-dir",
                    state.toString(),
                    "--template-save-interval-ms",
                    saveIntervalMs,
                    "--allow",
                    "127.0.0.0/24");
        }

        private void stop(DecoderProcess decoder, boolean kill) throws Exception {
            if (kill) {
                await().atMost(LANDING).until(() -> savedTemplates() >= 4);
                stoppedNanos = System.nanoTime();
                decoder.kill();
            } else {
                stoppedNanos = System.nanoTime();
                decoder.terminate();
                assertThat(savedTemplates()).isGreaterThanOrEqualTo(4);
            }
        }

        /** Templates in the decoder's state file, as a fresh decoder restores them. */
        private int savedTemplates() throws IOException {
            int templates = 0;
            for (byte[] snapshot : new TemplateStore(state.resolve("templates.bin")).read()) {
                templates +=
                        new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters())
                                .restoreTemplates(snapshot);
            }
            return templates;
        }

        private long flowsSentSince(ExporterStream exporter) {
            return flowsSent(exporter, upAgainNanos, Long.MAX_VALUE);
        }

        long flowsSent() {
            return netflow.flowsSent() + ipfix.flowsSent();
        }

        /** Flows sent from the stop (or kill) until the restarted decoder was up. */
        long flowsSentWhileDown() {
            return flowsSent(netflow, stoppedNanos, upAgainNanos)
                    + flowsSent(ipfix, stoppedNanos, upAgainNanos);
        }

        private static long flowsSent(ExporterStream exporter, long fromNanos, long toNanos) {
            return exporter.sent().stream()
                    .filter(datagram -> datagram.sentNanos() >= fromNanos)
                    .filter(datagram -> datagram.sentNanos() < toNanos)
                    .mapToLong(ExporterStream.SentDatagram::records)
                    .sum();
        }

        /** The restarted decoder has published all it accepted, at least what was sent to it. */
        private static boolean allAcceptedLanded(DecoderProcess decoder, long sentAfterStart)
                throws Exception {
            ScrapedMetrics metrics = decoder.metrics();
            long accepted = metrics.decoder("records_accepted_total");
            return accepted >= sentAfterStart
                    && metrics.decoder("queue_depth") == 0
                    && metrics.decoder("records_published_total") == accepted;
        }

        void assertDecodedAtOnce() {
            assertThat(netflow.sent())
                    .filteredOn(ExporterStream.SentDatagram::hasTemplates)
                    .containsExactly(netflow.sent().get(0));
            assertThat(ipfix.sent())
                    .filteredOn(ExporterStream.SentDatagram::hasTemplates)
                    .containsExactly(ipfix.sent().get(0));
            assertThat(restarted.decoder("templates_restored_total")).isGreaterThanOrEqualTo(4);
            assertThat(restarted.decoder("template_misses_total")).isZero();
            assertThat(restarted.decoder("held_data_sets")).isZero();
            assertThat(restarted.decodeErrors()).isZero();
            assertThat(restarted.decoderSum("records_dropped_total")).isZero();
            long afterStart = assertLanded(netflow, upAgainNanos, Long.MAX_VALUE);
            afterStart += assertLanded(ipfix, upAgainNanos, Long.MAX_VALUE);
            assertThat(afterStart).isGreaterThan(4000);
        }

        void assertEveryFlowSentBeforeTheStopLanded() {
            assertThat(
                            assertLanded(netflow, 0, stoppedNanos)
                                    + assertLanded(ipfix, 0, stoppedNanos))
                    .isGreaterThanOrEqualTo(2000);
        }

        /** Checks that every flow sent between the two instants landed; returns how many. */
        private long assertLanded(ExporterStream exporter, long fromNanos, long toNanos) {
            long flows = 0;
            for (ExporterStream.SentDatagram datagram : exporter.sent()) {
                if (datagram.sentNanos() < fromNanos || datagram.sentNanos() >= toNanos) {
                    continue;
                }
                for (long index = datagram.firstIndex();
                        index < datagram.firstIndex() + datagram.records();
                        index++) {
                    if (!landed.contains(FlowIdentity.of(exporter.stream(), index))) {
                        throw new AssertionError(
                                name
                                        + ": flow "
                                        + index
                                        + " of exporter stream "
                                        + exporter.stream()
                                        + " is missing");
                    }
                    flows++;
                }
            }
            return flows;
        }

        private void report() {
            System.out.printf(
                    "decoder %s and restarted: exporters sent %d datagrams, %d flows (templates"
                            + " only in their first datagram), %d of them from the stop until the"
                            + " restarted decoder was up (%d ms); landed %d (duplicates %d); the"
                            + " restarted decoder: %s%n",
                    name,
                    netflow.datagramsSent() + ipfix.datagramsSent(),
                    flowsSent(),
                    flowsSentWhileDown(),
                    (upAgainNanos - stoppedNanos) / 1_000_000,
                    landed.records(),
                    landed.duplicates(),
                    restarted.summary());
        }
    }

    private static ExporterStream exporter(
            int stream, String address, DecoderProcess decoder, ExportProtocol protocol) {
        ExporterSettings settings =
                ExporterStream.settings(protocol)
                        .withTemplateRefresh(Integer.MAX_VALUE, Duration.ofDays(3650));
        return new ExporterStream(stream, address, decoder.udpPort(), FLOWS_PER_SECOND, settings)
                .start();
    }
}
