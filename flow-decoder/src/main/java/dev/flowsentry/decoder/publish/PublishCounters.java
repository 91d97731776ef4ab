package dev.flowsentry.decoder.publish;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What the publisher counts. {@link #dropped()} equals exactly the records that were handed to the
 * publisher and did not land: refused by a full buffer, failed by Kafka, or abandoned at shutdown.
 */
public final class PublishCounters {

    /** Why a record did not land. */
    public enum DropReason {
        /** The publish buffer was full (Kafka slow or unreachable for too long). */
        BUFFER_FULL,
        /** Kafka failed the record (after its retries, or past the delivery timeout). */
        SEND_ERROR,
        /** Still buffered when the shutdown timeout ran out. */
        SHUTDOWN;

        /** Lower-case label for metrics. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LongAdder published = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Map<String, LongAdder> sendErrors = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong inFlightRecords = new AtomicLong();
    private volatile LongConsumer sendLatencyNanos = nanos -> {};

    public PublishCounters() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    /** Records handed to the publisher. */
    public LongAdder accepted() {
        return accepted;
    }

    /** Records acknowledged by the destination. */
    public LongAdder published() {
        return published;
    }

    public void dropped(DropReason reason, long records) {
        dropped.get(reason).add(records);
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason).sum();
    }

    /** Every record that did not land, whatever the reason. */
    public long dropped() {
        long total = 0;
        for (LongAdder counter : dropped.values()) {
            total += counter.sum();
        }
        return total;
    }

    /** A failed send, by the simple name of the exception (a bounded set of Kafka types). */
    public void sendError(Throwable error) {
        sendErrors
                .computeIfAbsent(error.getClass().getSimpleName(), name -> new LongAdder())
                .increment();
    }

    public Map<String, LongAdder> sendErrors() {
        return sendErrors;
    }

    /** Gauge: bytes of records waiting in the publish buffer. */
    public AtomicLong bufferedBytes() {
        return bufferedBytes;
    }

    /** Gauge: records handed to the Kafka producer and not yet acknowledged or failed. */
    public AtomicLong inFlightRecords() {
        return inFlightRecords;
    }

    /** Where send latencies go (a histogram); set by the metrics. */
    public void onSendLatency(LongConsumer listener) {
        sendLatencyNanos = listener;
    }

    void sendLatency(long nanos) {
        sendLatencyNanos.accept(nanos);
    }
}
