package dev.flowsentry.decoder.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.decoder.privacy.FieldDropper;
import dev.flowsentry.decoder.privacy.RecordPrivacy;
import dev.flowsentry.decoder.publish.TimestampPolicy;
import dev.flowsentry.decoder.testing.CapturingPublisher;
import dev.flowsentry.decoder.testing.Datagrams;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefixSet;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The collecting side with a stub decoder: one record per datagram, optionally held at a gate. */
class CollectorTest {

    private final CapturingPublisher publisher = new CapturingPublisher();
    private final CollectorCounters counters = new CollectorCounters(new ExporterLabels(16));
    private final Semaphore gate = new Semaphore(0);
    private volatile boolean gateOpen = true;
    private final AtomicLong decoded = new AtomicLong();
    private Collector collector;

    @AfterEach
    void stop() throws Exception {
        openGate();
        if (collector != null) {
            collector.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void datagramsArrivingFasterThanDecodingAreDroppedAtTheQueueAndCountedWhileReceivingGoesOn()
            throws Exception {
        collector = start(IpPrefixSet.empty(), 1, 50);
        gateOpen = false;
        int sent = 2000;

        try (Datagrams exporter = new Datagrams("127.0.0.1", collector.localPort())) {
            for (int i = 0; i < sent; i++) {
                exporter.send(new byte[] {0, 5, (byte) i});
            }
        }

        await().until(() -> counters.datagramsReceived().sum() + collector.kernelDrops() == sent);
        assertThat(counters.queueFull().sum()).isPositive();
        long queued = counters.datagramsReceived().sum() - counters.queueFull().sum();
        assertThat(queued).isLessThanOrEqualTo(51);

        openGate();
        await().until(() -> decoded.get() == queued);
        try (Datagrams exporter = new Datagrams("127.0.0.1", collector.localPort())) {
            for (int i = 0; i < 20; i++) {
                exporter.send(new byte[] {0, 5, (byte) i});
            }
        }
        await().until(() -> decoded.get() == queued + 20);
        assertThat(publisher.values()).hasSize((int) queued + 20);
        assertThat(collector.queueDepth()).isZero();
    }

    @Test
    void datagramsFromOutsideTheAllowListAreDroppedAndCounted() throws Exception {
        collector = start(IpPrefixSet.parse("127.0.0.2/32"), 2, 1000);

        try (Datagrams allowed = new Datagrams("127.0.0.2", collector.localPort());
                Datagrams other = new Datagrams("127.0.0.3", collector.localPort())) {
            for (int i = 0; i < 10; i++) {
                allowed.send(new byte[] {0, 5});
                other.send(new byte[] {0, 5});
                other.send(new byte[] {0, 5});
            }
        }

        await().until(() -> counters.datagramsReceived().sum() == 30);
        await().until(() -> decoded.get() == 10);
        assertThat(counters.notAllowed().sum()).isEqualTo(20);
        assertThat(counters.datagramsByExporter()).containsOnlyKeys("127.0.0.2");
        assertThat(publisher.values())
                .allMatch(json -> json.contains("\"exporter\":\"127.0.0.2\""));
    }

    @Test
    void severalReceivingSocketsShareThePortWithReusePort() throws Exception {
        collector = start(IpPrefixSet.empty(), 2, 1000, 2);

        try (Datagrams first = new Datagrams("127.0.0.4", collector.localPort());
                Datagrams second = new Datagrams("127.0.0.5", collector.localPort())) {
            for (int i = 0; i < 50; i++) {
                first.send(new byte[] {0, 5});
                second.send(new byte[] {0, 5});
            }
        }

        await().until(() -> decoded.get() == 100);
        assertThat(collector.isReceiving()).isTrue();
    }

    private Collector start(IpPrefixSet allow, int workers, int queueCapacity) throws Exception {
        return start(allow, workers, queueCapacity, 1);
    }

    private Collector start(IpPrefixSet allow, int workers, int queueCapacity, int receivers)
            throws Exception {
        CollectorSettings settings =
                new CollectorSettings(
                        new InetSocketAddress("127.0.0.1", 0),
                        receivers,
                        1 << 20,
                        workers,
                        queueCapacity,
                        allow,
                        null,
                        Duration.ofMinutes(1));
        TimestampPolicy timestamps = new TimestampPolicy(Duration.ofMinutes(5), Duration.ofDays(1));
        Collector started =
                new Collector(
                        settings,
                        (index, owns) -> this::decode,
                        () ->
                                new RecordEncoder(
                                        new RecordPrivacy(
                                                new FieldDropper(Set.of()),
                                                null,
                                                IpPrefixSet.empty()),
                                        timestamps,
                                        counters),
                        publisher,
                        counters,
                        Clock.systemUTC());
        started.start();
        return started;
    }

    private void openGate() {
        gateOpen = true;
        gate.release(1_000_000);
    }

    /** The stub decoder: waits at the gate, then yields one record per datagram. */
    private void decode(
            IpAddress exporter,
            byte[] datagram,
            int offset,
            int length,
            long receivedMs,
            java.util.function.Consumer<FlowRecord> out) {
        if (!gateOpen) {
            gate.acquireUninterruptibly();
        }
        out.accept(
                FlowRecord.builder()
                        .exporter(exporter)
                        .version(5)
                        .flowEndMs(receivedMs)
                        .receivedMs(receivedMs)
                        .srcAddr(IpAddress.parse("10.0.0.1"))
                        .dstAddr(IpAddress.parse("192.0.2.1"))
                        .build());
        decoded.incrementAndGet();
    }
}
