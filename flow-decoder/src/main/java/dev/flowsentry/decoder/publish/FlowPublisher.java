package dev.flowsentry.decoder.publish;

import java.time.Duration;

/**
 * Where encoded flow records go: Kafka, or stdout for troubleshooting. Thread-safe: every decode
 * thread publishes to the same instance. {@link #publish} never blocks on the destination; a record
 * that cannot be kept is dropped and counted in {@link PublishCounters}.
 */
public interface FlowPublisher extends AutoCloseable {

    /** Takes ownership of {@code flows} and delivers them, or counts them as dropped. */
    void publish(EncodedFlows flows);

    /** Whether records are being delivered; with {@link #healthDetail()} for /health. */
    boolean isHealthy();

    /** A short text on the state of delivery, for the health endpoint and logs. */
    String healthDetail();

    /** The counters of delivered and dropped records. */
    PublishCounters counters();

    /**
     * Delivers what is buffered within {@code timeout}, then releases the destination; whatever is
     * still undelivered then is counted as dropped.
     */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
