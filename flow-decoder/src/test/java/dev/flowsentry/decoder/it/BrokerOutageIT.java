package dev.flowsentry.decoder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.decoder.FlowDecoderService;
import dev.flowsentry.decoder.publish.PublishCounters;
import dev.flowsentry.decoder.testing.Datagrams;
import dev.flowsentry.decoder.testing.NetFlowV5;
import dev.flowsentry.decoder.testing.TopicReader;
import dev.flowsentry.testing.KafkaBrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker in its own JVM that starts late, or is killed and restarted, while datagrams keep
 * arriving: nothing is lost within the buffer bound, and beyond it the drop counter equals exactly
 * what is missing.
 */
class BrokerOutageIT {

    private static final int RECORDS = NetFlowV5.MAX_RECORDS;
    private static final Duration LANDING = Duration.ofSeconds(90);

    @TempDir Path directory;

    @Test
    void recordsReceivedBeforeTheBrokerStartsAllLandOnceItIsUp() throws Exception {
        try (KafkaBrokerProcess broker =
                        KafkaBrokerProcess.prepare(directory.resolve("broker"), Map.of());
                FlowDecoderService decoder = start(broker)) {
            int datagrams = 100;
            send(decoder.udpPort(), 0, datagrams);
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    decoder.publisher().counters().accepted().sum()
                                            == (long) datagrams * RECORDS);
            assertThat(decoder.publisher().counters().published().sum()).isZero();

            broker.launch();
            broker.createTopic("flows", 2, Map.of());

            await().atMost(LANDING)
                    .until(
                            () ->
                                    decoder.publisher().counters().published().sum()
                                            == (long) datagrams * RECORDS);
            assertThat(decoder.publisher().counters().dropped()).isZero();
            assertThat(TopicReader.count(broker.bootstrapServers(), "flows"))
                    .isEqualTo((long) datagrams * RECORDS);
        }
    }

    @Test
    void aBrokerKilledAndRestartedWhileDatagramsArriveLosesNothing() throws Exception {
        try (KafkaBrokerProcess broker =
                KafkaBrokerProcess.start(directory.resolve("broker"), Map.of())) {
            broker.createTopic("flows", 2, Map.of());
            try (FlowDecoderService decoder = start(broker)) {
                AtomicBoolean sending = new AtomicBoolean(true);
                AtomicLong sent = new AtomicLong();
                Thread sender =
                        new Thread(() -> sendUntilStopped(decoder.udpPort(), sending, sent));
                sender.start();
                try {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> decoder.publisher().counters().published().sum() > 1000);
                    broker.kill();
                    long sentAtKill = sent.get();
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> sent.get() > sentAtKill + 200);
                    broker.launch();
                    long sentAtLaunch = sent.get();
                    await().atMost(LANDING)
                            .until(
                                    () ->
                                            decoder.publisher().counters().published().sum()
                                                    > sentAtLaunch * RECORDS);
                } finally {
                    sending.set(false);
                    sender.join();
                }
                long expected = sent.get() * RECORDS;
                await().atMost(LANDING)
                        .until(() -> decoder.publisher().counters().published().sum() == expected);
                assertThat(decoder.publisher().counters().dropped()).isZero();
                assertThat(decoder.collector().counters().queueFull().sum()).isZero();
                assertThat(TopicReader.count(broker.bootstrapServers(), "flows"))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void beyondTheBufferBoundTheDropCounterEqualsExactlyWhatIsMissing() throws Exception {
        try (KafkaBrokerProcess broker =
                        KafkaBrokerProcess.prepare(directory.resolve("broker"), Map.of());
                FlowDecoderService decoder =
                        start(
                                broker,
                                "--publish-buffer-bytes",
                                "131072",
                                "--producer-buffer-bytes",
                                "65536",
                                "--batch-size-bytes",
                                "16384")) {
            int datagrams = 300;
            long sent = (long) datagrams * RECORDS;
            send(decoder.udpPort(), 0, datagrams);
            PublishCounters counters = decoder.publisher().counters();
            await().atMost(Duration.ofSeconds(10)).until(() -> counters.accepted().sum() == sent);
            assertThat(counters.dropped(PublishCounters.DropReason.BUFFER_FULL)).isPositive();

            broker.launch();
            broker.createTopic("flows", 2, Map.of());

            await().atMost(LANDING)
                    .until(() -> counters.published().sum() + counters.dropped() == sent);
            long landed = TopicReader.count(broker.bootstrapServers(), "flows");
            assertThat(landed).isEqualTo(counters.published().sum()).isPositive();
            assertThat(counters.dropped()).isEqualTo(sent - landed);
        }
    }

    private FlowDecoderService start(KafkaBrokerProcess broker, String... extra) throws Exception {
        String[] base = {
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic",
            "flows",
            "--state-dir",
            "none"
        };
        String[] arguments = new String[base.length + extra.length];
        System.arraycopy(base, 0, arguments, 0, base.length);
        System.arraycopy(extra, 0, arguments, base.length, extra.length);
        return DecoderHarness.start(arguments);
    }

    private static void send(int port, int first, int count) throws Exception {
        try (Datagrams exporter = new Datagrams("127.0.0.1", port)) {
            for (int i = first; i < first + count; i++) {
                exporter.send(
                        NetFlowV5.datagram(
                                System.currentTimeMillis(), (long) i * RECORDS, RECORDS, 1000));
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
    }

    /** About 200 datagrams a second (6000 records/s) until told to stop. */
    private static void sendUntilStopped(int port, AtomicBoolean sending, AtomicLong sent) {
        try (Datagrams exporter = new Datagrams("127.0.0.1", port)) {
            while (sending.get()) {
                long i = sent.get();
                exporter.send(
                        NetFlowV5.datagram(System.currentTimeMillis(), i * RECORDS, RECORDS, 1000));
                sent.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
