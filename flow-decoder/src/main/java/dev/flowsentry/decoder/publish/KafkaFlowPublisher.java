package dev.flowsentry.decoder.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes flow records to Kafka: key exporter/observation domain, value the JSON contract,
 * timestamp the (clamped) flow end time; acks=all, idempotent, compressed, batched.
 *
 * <p>Decode threads never wait for Kafka: {@link #publish} puts the records in a buffer bounded in
 * bytes and returns; one sender thread hands them to the producer, and that thread alone waits
 * while the broker is away (metadata, a full producer buffer). When the buffer is full the records
 * are dropped and counted; a record Kafka fails is counted too. So {@link
 * PublishCounters#dropped()} equals exactly what did not land.
 */
public final class KafkaFlowPublisher implements FlowPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFlowPublisher.class);
    private static final long UNHEALTHY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One batch in this many feeds the latency histogram: observing every one cost 9% CPU. */
    private static final int LATENCY_SAMPLE_EVERY = 16;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final long bufferLimitBytes;
    private final PublishCounters counters = new PublishCounters();
    private final LinkedBlockingQueue<EncodedFlows> buffer = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean accepting = true;
    private volatile boolean aborting;
    private volatile long lastAckNanos = System.nanoTime();
    private volatile long lastErrorNanos;
    private volatile String lastError = "";
    private volatile long lastErrorLoggedNanos;
    private int batchesSent;

    /**
     * @param producer a producer of byte arrays, configured as by {@link #producerConfig}
     * @param bufferLimitBytes bound of the publish buffer
     */
    public KafkaFlowPublisher(
            Producer<byte[], byte[]> producer, String topic, long bufferLimitBytes) {
        this.producer = producer;
        this.topic = topic;
        this.bufferLimitBytes = bufferLimitBytes;
        this.sender = new Thread(this::sendLoop, "kafka-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** A publisher with a new {@link KafkaProducer} built from {@code config}. */
    public static KafkaFlowPublisher create(
            Map<String, Object> config, String topic, long bufferLimitBytes) {
        return new KafkaFlowPublisher(new KafkaProducer<>(config), topic, bufferLimitBytes);
    }

    /**
     * The producer configuration: ours first, then the client properties file ({@code
     * --kafka-config}: security settings and such) over it; the serializers stay ours.
     *
     * @param clientProperties may be empty; its values are never logged here
     */
    public static Map<String, Object> producerConfig(
            String bootstrapServers, ProducerTuning tuning, Properties clientProperties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "flow-decoder");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, tuning.compression());
        config.put(ProducerConfig.LINGER_MS_CONFIG, tuning.lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, tuning.batchSizeBytes());
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, tuning.producerBufferBytes());
        config.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) tuning.deliveryTimeout().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, tuning.deliveryTimeout().toMillis());
        config.put(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Math.max(1 << 20, tuning.batchSizeBytes() * 2));
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        clientProperties.forEach((key, value) -> config.put(String.valueOf(key), value));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    @Override
    public void publish(EncodedFlows flows) {
        if (flows.isEmpty()) {
            return;
        }
        counters.accepted().add(flows.count());
        if (!accepting) {
            counters.dropped(PublishCounters.DropReason.SHUTDOWN, flows.count());
            return;
        }
        long buffered = counters.bufferedBytes().addAndGet(flows.sizeBytes());
        if (buffered > bufferLimitBytes) {
            counters.bufferedBytes().addAndGet(-flows.sizeBytes());
            counters.dropped(PublishCounters.DropReason.BUFFER_FULL, flows.count());
            return;
        }
        buffer.add(flows);
    }

    private void sendLoop() {
        try {
            while (true) {
                EncodedFlows flows = buffer.poll(50, TimeUnit.MILLISECONDS);
                if (flows == null) {
                    if (!accepting) {
                        return;
                    }
                    continue;
                }
                if (aborting) {
                    counters.dropped(PublishCounters.DropReason.SHUTDOWN, flows.count());
                } else {
                    send(flows);
                }
                counters.bufferedBytes().addAndGet(-flows.sizeBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(EncodedFlows flows) {
        boolean sampled = batchesSent++ % LATENCY_SAMPLE_EVERY == 0;
        SendCallback callback = new SendCallback(System.nanoTime(), sampled);
        for (int i = 0; i < flows.count(); i++) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            topic, null, flows.timestampMs(i), flows.key(i), flows.value(i));
            counters.inFlightRecords().incrementAndGet();
            try {
                producer.send(record, callback);
            } catch (RuntimeException e) {
                // Not an ApiException (those reach the callback): a closed producer, an interrupt.
                counters.inFlightRecords().decrementAndGet();
                if (aborting) {
                    counters.dropped(PublishCounters.DropReason.SHUTDOWN, 1);
                } else {
                    failed(e);
                }
            }
        }
    }

    private void failed(Exception error) {
        counters.dropped(PublishCounters.DropReason.SEND_ERROR, 1);
        counters.sendError(error);
        long now = System.nanoTime();
        lastErrorNanos = now;
        lastError = error.getClass().getSimpleName();
        if (now - lastErrorLoggedNanos > ERROR_LOG_INTERVAL_NANOS) {
            lastErrorLoggedNanos = now;
            LOG.warn(
                    "Kafka failed a flow record for topic {} ({} dropped so far): {}",
                    topic,
                    counters.dropped(PublishCounters.DropReason.SEND_ERROR),
                    error.toString());
        }
    }

    /** One callback for every record of a batch: they share the time they were sent. */
    private final class SendCallback implements Callback {
        private final long sentNanos;
        private boolean latencyObserved;

        SendCallback(long sentNanos, boolean sampled) {
            this.sentNanos = sentNanos;
            this.latencyObserved = !sampled;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            counters.inFlightRecords().decrementAndGet();
            if (exception != null) {
                failed(exception);
                return;
            }
            long now = System.nanoTime();
            lastAckNanos = now;
            counters.published().increment();
            if (!latencyObserved) {
                // Records of one batch travel together: one latency sample per batch is enough.
                latencyObserved = true;
                counters.sendLatency(now - sentNanos);
            }
        }
    }

    @Override
    public boolean isHealthy() {
        long now = System.nanoTime();
        boolean recentError = lastErrorNanos != 0 && now - lastErrorNanos < UNHEALTHY_AFTER_NANOS;
        boolean stalled =
                counters.inFlightRecords().get() > 0 && now - lastAckNanos > UNHEALTHY_AFTER_NANOS;
        return accepting && !recentError && !stalled;
    }

    @Override
    public String healthDetail() {
        if (!accepting) {
            return "kafka publisher closed";
        }
        long now = System.nanoTime();
        if (lastErrorNanos != 0 && now - lastErrorNanos < UNHEALTHY_AFTER_NANOS) {
            return "kafka send failing: " + lastError;
        }
        if (counters.inFlightRecords().get() > 0 && now - lastAckNanos > UNHEALTHY_AFTER_NANOS) {
            return "kafka not acknowledging for "
                    + TimeUnit.NANOSECONDS.toSeconds(now - lastAckNanos)
                    + " s, "
                    + counters.inFlightRecords().get()
                    + " records waiting";
        }
        return "kafka ok";
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }

    @Override
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        accepting = false;
        try {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (sender.isAlive()) {
                aborting = true;
                producer.close(Duration.ZERO);
                sender.join();
            } else {
                long remainingNanos = Math.max(0, deadline - System.nanoTime());
                producer.close(Duration.ofNanos(remainingNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.close(Duration.ZERO);
        }
        dropLeftovers();
        LOG.info(
                "Kafka publisher closed: {} records published, {} dropped",
                counters.published().sum(),
                counters.dropped());
    }

    private void dropLeftovers() {
        EncodedFlows flows;
        while ((flows = buffer.poll()) != null) {
            counters.dropped(PublishCounters.DropReason.SHUTDOWN, flows.count());
            counters.bufferedBytes().addAndGet(-flows.sizeBytes());
        }
    }
}
