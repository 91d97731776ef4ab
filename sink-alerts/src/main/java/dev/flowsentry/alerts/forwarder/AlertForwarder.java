package dev.flowsentry.alerts.forwarder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOC forwarder: reads alerts from the alerts topic and delivers each one to every configured
 * destination (syslog, webhook, file, stdout) at least once.
 *
 * <p>Run it with {@code java -jar alert-forwarder.jar --bootstrap-servers HOST:PORT --to URI}
 * ({@link ForwarderMain}); {@code --help} lists every option. Embedding is possible too:
 *
 * <pre>{@code
 * try (AlertForwarder forwarder = AlertForwarder.fromArguments(args, System.getenv())) {
 *     forwarder.start();
 *     forwarder.awaitTermination(Duration.ofHours(1));
 * }
 * }</pre>
 *
 * <p>Delivery internals (consumer loop, workers, retries, dead letter, metrics) are not public.
 */
public final class AlertForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertForwarder.class);

    private final ForwarderSettings settings;
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final DeadLetterFile deadLetter;
    private final List<DestinationWorker> workers = new ArrayList<>();
    private final ForwardingLoop loop;
    private final Thread thread;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Throwable failure;
    private int metricsPort = -1;

    AlertForwarder(ForwarderSettings settings, PrintStream stdout) throws UsageException {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        this.deadLetter = new DeadLetterFile(settings.deadLetter, clock);
        RetryPolicy retry =
                new RetryPolicy(settings.maxAttempts, settings.initialBackoff, settings.maxBackoff);
        Destinations.Context context = new Destinations.Context();
        int capacity = settings.maxInFlight + maxPollRecords(settings);
        for (var uri : settings.destinations) {
            Destination destination = Destinations.open(uri, settings, context, stdout);
            workers.add(
                    new DestinationWorker(
                            destination, retry, deadLetter, metrics, capacity, clock));
        }
        KafkaConsumer<byte[], byte[]> consumer = consumer(settings);
        this.loop = new ForwardingLoop(consumer, settings, workers, deadLetter, metrics, clock);
        this.thread = new Thread(this::runLoop, "alert-forwarder-poll");
    }

    /**
     * A forwarder configured by command-line arguments; secrets come from files or {@code
     * environment}.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    public static AlertForwarder fromArguments(String[] args, Map<String, String> environment) {
        try {
            return new AlertForwarder(ForwarderSettings.parse(args, environment), System.out);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Starts the metrics endpoint (if configured), the destination workers and the consumer. */
    public void start() {
        if (settings.metricsPort >= 0) {
            try {
                metricsPort = metrics.serve(settings.metricsAddress, settings.metricsPort);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot serve metrics on "
                                + settings.metricsAddress
                                + " port "
                                + settings.metricsPort,
                        e);
            }
        }
        workers.forEach(DestinationWorker::start);
        thread.start();
        LOG.info(
                "Forwarding topic {} (group {}) to {}; dead letter {}; metrics {}",
                settings.topic,
                settings.groupId,
                workers.stream().map(DestinationWorker::name).toList(),
                settings.deadLetter,
                metricsPort < 0 ? "off" : "on port " + metricsPort);
    }

    /** The port of {@code /metrics}, or -1 when it is off. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Waits for the forwarder to stop; true if it did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /** Whether it stopped because of an error (the dead letter could not be written). */
    public boolean hasFailed() {
        return failure != null;
    }

    /**
     * Stops reading, waits up to {@code --shutdown-timeout} for alerts in flight, commits what was
     * delivered and releases everything.
     */
    @Override
    public void close() {
        stop(false);
    }

    /** Stops as a crash would: no draining and no commit. For tests of at-least-once delivery. */
    void crash() {
        stop(true);
    }

    private void stop(boolean crash) {
        if (stopped.getAndSet(true)) {
            return;
        }
        if (thread.getState() == Thread.State.NEW) {
            loop.closeUnstarted();
        } else if (thread.isAlive()) {
            loop.stop(crash);
            try {
                thread.join(settings.shutdownTimeout.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.forEach(DestinationWorker::close);
        deadLetter.close();
        metrics.close();
    }

    ForwarderMetrics metrics() {
        return metrics;
    }

    private void runLoop() {
        try {
            loop.run();
            LOG.info("Forwarder stopped");
        } catch (IOException | RuntimeException e) {
            failure = e;
            LOG.error("Forwarder stopped on an error; undelivered alerts stay uncommitted", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(ForwarderSettings settings)
            throws UsageException {
        try {
            return new KafkaConsumer<>(consumerProperties(settings));
        } catch (KafkaException e) {
            // Kafka's configuration errors name the key; password values show as [hidden].
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new UsageException("--kafka-config: " + reason, e);
        }
    }

    private static int maxPollRecords(ForwarderSettings settings) {
        return Math.min(500, settings.maxInFlight);
    }

    /**
     * The {@code --kafka-config} properties (TLS, SASL), then the settings delivery depends on,
     * which that file cannot override.
     */
    static Properties consumerProperties(ForwarderSettings settings) {
        Properties properties = new Properties();
        properties.putAll(settings.kafkaProperties);
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "flowsentry-" + settings.groupId);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords(settings));
        properties.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        properties.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return properties;
    }
}
