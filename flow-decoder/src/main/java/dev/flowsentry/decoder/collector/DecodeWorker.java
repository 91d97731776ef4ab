package dev.flowsentry.decoder.collector;

import dev.flowsentry.decoder.codec.NetFlowDecodeException;
import dev.flowsentry.decoder.publish.EncodedFlows;
import dev.flowsentry.decoder.publish.FlowPublisher;
import dev.flowsentry.flow.IpAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One decode thread: takes datagrams from its bounded queue, decodes them with its own decoder,
 * encodes the records and hands them to the publisher. Each exporter always lands on the same
 * worker ({@link #indexFor}), so a decoder sees all of an exporter's templates.
 *
 * <p>On a timer it expires held data and, every template save interval, hands a template snapshot
 * to the persistence. Stopping drains the queue first.
 */
final class DecodeWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeWorker.class);
    private static final long TICK_MS = 1000;
    private static final long WARNING_INTERVAL_MS = 10_000;
    private static final int MAX_WARNED_EXPORTERS = 1024;

    private final int index;
    private final ArrayBlockingQueue<Datagram> queue;
    private final long queueCapacityBytes;
    private final AtomicLong queueBytes = new AtomicLong();
    private final DatagramDecoder decoder;
    private final RecordEncoder encoder;
    private final FlowPublisher publisher;
    private final CollectorCounters counters;
    private final Clock clock;
    private final long snapshotIntervalMs;
    private final BiConsumer<Integer, byte[]> snapshots;
    private final Map<IpAddress, Long> lastWarningMs = new HashMap<>();
    private volatile boolean running = true;
    private long lastTickMs;
    private long lastSnapshotMs;

    DecodeWorker(
            int index,
            int queueCapacity,
            long queueCapacityBytes,
            DatagramDecoder decoder,
            RecordEncoder encoder,
            FlowPublisher publisher,
            CollectorCounters counters,
            Clock clock,
            long snapshotIntervalMs,
            BiConsumer<Integer, byte[]> snapshots) {
        this.index = index;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.queueCapacityBytes = queueCapacityBytes;
        this.decoder = decoder;
        this.encoder = encoder;
        this.publisher = publisher;
        this.counters = counters;
        this.clock = clock;
        this.snapshotIntervalMs = snapshotIntervalMs;
        this.snapshots = snapshots;
        this.lastTickMs = clock.millis();
        this.lastSnapshotMs = lastTickMs;
    }

    /** The worker of {@code exporter} among {@code workers}. */
    static int indexFor(IpAddress exporter, int workers) {
        return Math.floorMod(exporter.hashCode() * 0x9E3779B1, workers);
    }

    /**
     * Queues a datagram; false when the queue is full, in datagrams or in bytes (so that large
     * datagrams cannot fill the heap). Never blocks.
     */
    boolean offer(Datagram datagram) {
        int length = datagram.bytes().length;
        if (queueBytes.addAndGet(length) > queueCapacityBytes) {
            queueBytes.addAndGet(-length);
            return false;
        }
        if (!queue.offer(datagram)) {
            queueBytes.addAndGet(-length);
            return false;
        }
        return true;
    }

    int queueDepth() {
        return queue.size();
    }

    long queueBytes() {
        return queueBytes.get();
    }

    DatagramDecoder decoder() {
        return decoder;
    }

    /** Asks the thread to finish: it decodes what is queued, saves its templates and ends. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            while (running || !queue.isEmpty()) {
                Datagram datagram = queue.poll(100, TimeUnit.MILLISECONDS);
                if (datagram != null) {
                    queueBytes.addAndGet(-datagram.bytes().length);
                    process(datagram);
                }
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        snapshots.accept(index, decoder.snapshotTemplates());
    }

    private void process(Datagram datagram) {
        EncodedFlows flows = new EncodedFlows(32);
        encoder.begin(flows, clock.millis());
        byte[] bytes = datagram.bytes();
        try {
            decoder.decode(
                    datagram.exporter(), bytes, 0, bytes.length, datagram.receivedMs(), encoder);
        } catch (NetFlowDecodeException e) {
            warn(
                    datagram.exporter(),
                    bytes.length,
                    "Malformed datagram from {} ({} bytes, {}): {}",
                    e);
        } catch (RuntimeException e) {
            counters.decoderFailures().increment();
            warn(
                    datagram.exporter(),
                    bytes.length,
                    "Decoder failed on a datagram from {} ({} bytes, {}): {}",
                    e);
        }
        publisher.publish(flows);
    }

    private void tick() {
        long nowMs = clock.millis();
        if (nowMs - lastTickMs < TICK_MS) {
            return;
        }
        lastTickMs = nowMs;
        decoder.expire(nowMs);
        if (nowMs - lastSnapshotMs >= snapshotIntervalMs) {
            lastSnapshotMs = nowMs;
            snapshots.accept(index, decoder.snapshotTemplates());
        }
    }

    /** At most one warning per exporter every ten seconds; the counters have the totals. */
    private void warn(IpAddress exporter, int lengthBytes, String message, Exception e) {
        long nowMs = clock.millis();
        Long last = lastWarningMs.get(exporter);
        if (last != null && nowMs - last < WARNING_INTERVAL_MS) {
            return;
        }
        if (lastWarningMs.size() >= MAX_WARNED_EXPORTERS) {
            lastWarningMs.clear();
        }
        lastWarningMs.put(exporter, nowMs);
        String kind =
                e instanceof NetFlowDecodeException decodeError
                        ? decodeError.reason().label()
                        : e.getClass().getSimpleName();
        LOG.warn(message, exporter, lengthBytes, kind, e.getMessage());
    }
}
