package dev.flowsentry.deploy.reliability;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes flow records to a flows topic as the decoder does: key = exporter and observation domain,
 * record timestamp = flow end, value = the flow record's JSON; idempotent, {@code acks=all}.
 * Optionally paced: event time advances {@code speed} times faster than the wall clock, so that a
 * job reads a live stream rather than a backlog.
 */
final class FlowsProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final FlowRecordJson json = new FlowRecordJson();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    FlowsProducer(String bootstrapServers, Properties clientSettings) {
        Properties properties = new Properties();
        properties.putAll(clientSettings);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(properties);
    }

    FlowsProducer(String bootstrapServers) {
        this(bootstrapServers, new Properties());
    }

    /** Sends one flow to the partition its key hashes to. */
    void send(String topic, FlowRecord flow) {
        send(topic, null, flow);
    }

    /** Sends one flow to {@code partition}, or to the partition its key hashes to when null. */
    void send(String topic, Integer partition, FlowRecord flow) {
        producer.send(
                new ProducerRecord<>(
                        topic,
                        partition,
                        flow.flowEndMs(),
                        flow.partitionKey().getBytes(StandardCharsets.UTF_8),
                        json.toBytes(flow)),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
        sent.incrementAndGet();
    }

    /**
     * Sends every flow in event-time order, each no earlier than {@code eventStart} plus its event
     * time offset divided by {@code speed} after the call; returns the number sent.
     */
    long sendPaced(String topic, Iterator<FlowRecord> flows, Instant eventStart, double speed)
            throws InterruptedException {
        long wallStartNanos = System.nanoTime();
        long count = 0;
        while (flows.hasNext()) {
            FlowRecord flow = flows.next();
            long dueNanos =
                    wallStartNanos
                            + (long) ((flow.flowEndMs() - eventStart.toEpochMilli()) * 1e6 / speed);
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos > Duration.ofMillis(5).toNanos()) {
                flush();
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
            send(topic, flow);
            count++;
        }
        flush();
        return count;
    }

    /** Flows handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** Waits until every flow sent is acknowledged; fails if one was not written. */
    void flush() {
        producer.flush();
        Exception exception = failure.get();
        if (exception != null) {
            throw new IllegalStateException("a flow was not written", exception);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
