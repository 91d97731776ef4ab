package dev.flowsentry.alerts.forwarder;

import static org.awaitility.Awaitility.await;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.encoding.EcsAlertEncoder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One destination worker set up from forwarder arguments, as the forwarder would set it up, with a
 * dead-letter file in a temporary directory: delivery tests without a Kafka broker.
 */
final class WorkerHarness implements AutoCloseable {

    final ForwarderSettings settings;
    final ForwarderMetrics metrics = new ForwarderMetrics();
    final DeadLetterFile deadLetter;
    final DestinationWorker worker;
    private long nextOffset;

    WorkerHarness(Path directory, Map<String, String> environment, String... args)
            throws UsageException {
        this(directory, environment, System.out, args);
    }

    WorkerHarness(Path directory, Map<String, String> environment, PrintStream out, String... args)
            throws UsageException {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:9"));
        all.addAll(Arrays.asList(args));
        settings = ForwarderSettings.parse(all.toArray(String[]::new), environment);
        deadLetter = new DeadLetterFile(directory.resolve("dead-letter.jsonl"), Clock.systemUTC());
        Destination destination =
                Destinations.open(
                        settings.destinations.get(0), settings, new Destinations.Context(), out);
        worker =
                new DestinationWorker(
                        destination,
                        new RetryPolicy(
                                settings.maxAttempts, settings.initialBackoff, settings.maxBackoff),
                        deadLetter,
                        metrics,
                        100,
                        Clock.systemUTC());
        worker.start();
    }

    /** Queues an alert as if read at the next offset of alerts-0. */
    Delivery submit(Alert alert) throws InterruptedException {
        byte[] value = new EcsAlertEncoder().encode(alert);
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(
                        "alerts",
                        0,
                        nextOffset++,
                        alert.host().getBytes(StandardCharsets.UTF_8),
                        value);
        Delivery delivery = new Delivery(record, alert, 1, () -> {});
        worker.submit(delivery);
        return delivery;
    }

    /** Submits and waits until delivered or dead-lettered. */
    Delivery deliver(Alert alert) throws InterruptedException {
        Delivery delivery = submit(alert);
        await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .until(delivery::isDone);
        return delivery;
    }

    double delivered() {
        return metrics.delivered.labelValues(worker.name()).get();
    }

    double retried() {
        return metrics.retried.labelValues(worker.name()).get();
    }

    double failed() {
        return metrics.failed.labelValues(worker.name()).get();
    }

    double deadLettered() {
        return metrics.deadLettered.labelValues(worker.name()).get();
    }

    @Override
    public void close() {
        worker.close();
        deadLetter.close();
        metrics.close();
    }
}
