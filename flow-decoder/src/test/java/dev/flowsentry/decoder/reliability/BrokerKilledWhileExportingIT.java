package dev.flowsentry.decoder.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.testing.KafkaBrokerProcess;
import dev.flowsentry.traffic.export.ExportProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, fault 1: the Kafka broker (its own JVM) is killed with SIGKILL and restarted while two
 * exporters (the project's NetFlow v9 and IPFIX exporter, 1500 flows/s each) keep sending to the
 * decoder (its shaded jar, its own JVM). Within the publish buffer nothing accepted is lost or
 * duplicated; beyond it, the decoder's drop counter, read from its {@code /metrics}, accounts for
 * every missing flow exactly. Each flow carries its identity ({@link FlowIdentity}), so the topic
 * is checked flow by flow.
 */
class BrokerKilledWhileExportingIT {

    private static final int FLOWS_PER_SECOND = 1500;
    private static final Duration LANDING = Duration.ofSeconds(120);

    @TempDir static Path directory;
    private static KafkaBrokerProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBrokerProcess.start(directory.resolve("broker"), Map.of());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyFlowAcceptedBeforeAndDuringTheOutageLandsExactlyOnceAfterTheRestart()
            throws Exception {
        String topic = "flows-within-bound";
        broker.createTopic(topic, 2, Map.of());
        long publishBufferBytes = 64L << 20;
        try (DecoderProcess decoder =
                        startDecoder(
                                "decoder-within", topic, "--publish-buffer-bytes", "67108864");
                ExporterStream netflow =
                        exporter(1, "127.0.0.11", decoder, ExportProtocol.NETFLOW_V9);
                ExporterStream ipfix = exporter(2, "127.0.0.12", decoder, ExportProtocol.IPFIX)) {
            awaitPublished(decoder, 5000);

            broker.kill();
            long killedNanos = System.nanoTime();
            long acceptedAtKill = decoder.metrics().decoder("records_accepted_total");
            AtomicLong maxBufferedBytes = new AtomicLong();
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                ScrapedMetrics now = decoder.metrics();
                                maxBufferedBytes.accumulateAndGet(
                                        now.decoder("publish_buffer_bytes"), Math::max);
                                return now.decoder("records_accepted_total")
                                        > acceptedAtKill + 10 * 2 * FLOWS_PER_SECOND;
                            });
            ScrapedMetrics outage = decoder.metrics();
            broker.launch();
            System.out.printf(
                    "broker killed, within the buffer: down %d s, %d flows accepted meanwhile%n",
                    (System.nanoTime() - killedNanos) / 1_000_000_000L,
                    decoder.metrics().decoder("records_accepted_total") - acceptedAtKill);
            long sent = exportOnThenStop(netflow, ipfix);
            await().atMost(LANDING)
                    .until(() -> decoder.metrics().decoder("records_published_total") == sent);
            ScrapedMetrics after = decoder.metrics();
            LandedFlows landed = LandedFlows.read(broker.bootstrapServers(), topic);
            report("within the buffer", netflow, ipfix, after, landed);

            assertThat(outage.decoder("kafka_in_flight_records")).isPositive();
            assertThat(maxBufferedBytes.get()).isLessThanOrEqualTo(publishBufferBytes);
            assertThat(after.datagramsReceived())
                    .isEqualTo(netflow.datagramsSent() + ipfix.datagramsSent());
            assertThat(after.decoder("records_accepted_total")).isEqualTo(sent);
            assertThat(after.decoderSum("records_dropped_total")).isZero();
            assertThat(landed.records()).isEqualTo(sent);
            assertThat(landed.duplicates()).isZero();
            assertEveryFlowLanded(netflow, landed);
            assertEveryFlowLanded(ipfix, landed);
        }
    }

    @Test
    void beyondThePublishBufferTheDropCounterAccountsForEveryMissingFlow() throws Exception {
        String topic = "flows-beyond-bound";
        broker.createTopic(topic, 2, Map.of());
        long publishBufferBytes = 256 << 10;
        try (DecoderProcess decoder =
                        startDecoder(
                                "decoder-beyond",
                                topic,
                                "--publish-buffer-bytes",
                                String.valueOf(publishBufferBytes),
                                "--producer-buffer-bytes",
                                "131072",
                                "--batch-size-bytes",
                                "16384");
                ExporterStream netflow =
                        exporter(3, "127.0.0.13", decoder, ExportProtocol.NETFLOW_V9);
                ExporterStream ipfix = exporter(4, "127.0.0.14", decoder, ExportProtocol.IPFIX)) {
            awaitPublished(decoder, 3000);

            broker.kill();
            AtomicLong maxBufferedBytes = new AtomicLong();
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                ScrapedMetrics now = decoder.metrics();
                                maxBufferedBytes.accumulateAndGet(
                                        now.decoder("publish_buffer_bytes"), Math::max);
                                return now.recordsDropped("buffer_full") > 10_000;
                            });
            broker.launch();
            long sent = exportOnThenStop(netflow, ipfix);
            await().atMost(LANDING)
                    .until(
                            () -> {
                                ScrapedMetrics now = decoder.metrics();
                                return now.decoder("records_published_total")
                                                + now.decoderSum("records_dropped_total")
                                        == sent;
                            });
            ScrapedMetrics after = decoder.metrics();
            LandedFlows landed = LandedFlows.read(broker.bootstrapServers(), topic);
            report("beyond the buffer", netflow, ipfix, after, landed);

            long dropped = after.decoderSum("records_dropped_total");
            assertThat(after.recordsDropped("buffer_full")).isEqualTo(dropped).isPositive();
            assertThat(maxBufferedBytes.get()).isLessThanOrEqualTo(publishBufferBytes);
            assertThat(after.decoder("records_accepted_total")).isEqualTo(sent);
            assertThat(landed.duplicates()).isZero();
            assertThat(landed.foreign()).isZero();
            assertThat(landed.records())
                    .isEqualTo(after.decoder("records_published_total"))
                    .isEqualTo(sent - dropped);
        }
    }

    private static DecoderProcess startDecoder(String name, String topic, String... extra)
            throws Exception {
        String[] base = {
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic",
            topic,
            "--state-dir",
            "none",
            "--allow",
            "127.0.0.0/24"
        };
        String[] options = new String[base.length + extra.length];
        System.arraycopy(base, 0, options, 0, base.length);
        System.arraycopy(extra, 0, options, base.length, extra.length);
        return DecoderProcess.start(name, List.of("-Xmx256m"), options);
    }

    private static ExporterStream exporter(
            int stream, String address, DecoderProcess decoder, ExportProtocol protocol) {
        return new ExporterStream(
                        stream,
                        address,
                        decoder.udpPort(),
                        FLOWS_PER_SECOND,
                        ExporterStream.settings(protocol))
                .start();
    }

    /** Lets the exporters send 6,000 more flows after the broker is back, stops them: the total. */
    private static long exportOnThenStop(ExporterStream netflow, ExporterStream ipfix)
            throws InterruptedException {
        long sentAtLaunch = netflow.flowsSent() + ipfix.flowsSent();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> netflow.flowsSent() + ipfix.flowsSent() > sentAtLaunch + 6000);
        netflow.stop();
        ipfix.stop();
        return netflow.flowsSent() + ipfix.flowsSent();
    }

    private static void awaitPublished(DecoderProcess decoder, long records) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> decoder.metrics().decoder("records_published_total") >= records);
    }

    private static void assertEveryFlowLanded(ExporterStream exporter, LandedFlows landed) {
        for (long index = 0; index < exporter.flowsSent(); index++) {
            long identity = FlowIdentity.of(exporter.stream(), index);
            if (!landed.contains(identity)) {
                throw new AssertionError(
                        "flow "
                                + index
                                + " of exporter stream "
                                + exporter.stream()
                                + " is missing");
            }
        }
    }

    private static void report(
            String title,
            ExporterStream netflow,
            ExporterStream ipfix,
            ScrapedMetrics metrics,
            LandedFlows landed) {
        System.out.printf(
                "broker killed, %s: datagrams sent %d, flows sent %d, landed %d (distinct %d,"
                        + " duplicates %d), dropped by the decoder %d; metrics: %s%n",
                title,
                netflow.datagramsSent() + ipfix.datagramsSent(),
                netflow.flowsSent() + ipfix.flowsSent(),
                landed.records(),
                landed.distinct(),
                landed.duplicates(),
                metrics.decoderSum("records_dropped_total"),
                metrics.summary());
    }
}
