package dev.flowsentry.alerts.forwarder;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to one destination on a thread of its own, in the order they were read: transient
 * failures are retried with {@link RetryPolicy}'s backoff, permanent failures and exhausted retries
 * go to the dead letter. Its queue is bounded; the polling thread keeps it from filling by pausing
 * the consumer at {@code --max-in-flight}.
 *
 * <p>Logs state changes (failing, recovered) and at most one dead-letter warning a minute, never
 * one line per alert above DEBUG.
 */
final class DestinationWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);

    private final Destination destination;
    private final RetryPolicy retryPolicy;
    private final DeadLetterFile deadLetter;
    private final ForwarderMetrics metrics;
    private final BlockingQueue<Delivery> queue;
    private final LogThrottle deadLetterWarnings;
    private final Thread thread;
    private volatile Throwable fatal;
    private boolean failing;

    DestinationWorker(
            Destination destination,
            RetryPolicy retryPolicy,
            DeadLetterFile deadLetter,
            ForwarderMetrics metrics,
            int capacity,
            Clock clock) {
        this.destination = destination;
        this.retryPolicy = retryPolicy;
        this.deadLetter = deadLetter;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.deadLetterWarnings = new LogThrottle(clock, Duration.ofMinutes(1));
        this.thread = new Thread(this::run, "alert-forwarder " + destination.name());
        this.thread.setDaemon(true);
        metrics.register(destination.name());
    }

    String name() {
        return destination.name();
    }

    void start() {
        thread.start();
    }

    /** Queues an alert; blocks only if the queue is full, which the pause keeps from happening. */
    void submit(Delivery delivery) throws InterruptedException {
        queue.put(delivery);
    }

    /** The error that stopped this worker (the dead letter could not be written), or null. */
    Throwable fatal() {
        return fatal;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Delivery delivery = queue.take();
                deliver(delivery);
                delivery.completeOne();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            fatal = e;
            LOG.error(
                    "Destination {} stopped: an alert could neither be delivered nor"
                            + " dead-lettered; it stays uncommitted",
                    destination.name(),
                    e);
        } finally {
            destination.close();
        }
    }

    private void deliver(Delivery delivery) throws InterruptedException, IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                send(delivery);
                metrics.delivered.labelValues(destination.name()).inc();
                recovered(attempt);
                return;
            } catch (DeliveryException e) {
                if (e.isPermanent() || !retryPolicy.allowsAnotherAttempt(attempt)) {
                    deadLetter(delivery, e, attempt);
                    return;
                }
                Duration wait = retryPolicy.backoff(attempt, e.retryAfter());
                metrics.retried.labelValues(destination.name()).inc();
                failing(e, attempt, wait);
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** A bug in an encoder must not stop the forwarder: it is a permanent failure. */
    private void send(Delivery delivery) throws DeliveryException, InterruptedException {
        try {
            destination.send(delivery.alert(), delivery.record().value());
        } catch (RuntimeException e) {
            LOG.debug("Destination {} threw", destination.name(), e);
            throw DeliveryException.permanentFailure("unexpected " + e.getClass().getName());
        }
    }

    private void failing(DeliveryException e, int attempt, Duration wait) {
        if (!failing) {
            failing = true;
            LOG.warn(
                    "Destination {} is failing ({}); retrying with backoff, up to {} attempts"
                            + " per alert",
                    destination.name(),
                    e.getMessage(),
                    retryPolicy.maxAttempts());
        }
        LOG.debug(
                "Destination {} attempt {} failed: {}; next in {} ms",
                destination.name(),
                attempt,
                e.getMessage(),
                wait.toMillis());
    }

    private void recovered(int attempt) {
        if (failing) {
            failing = false;
            LOG.info("Destination {} accepts alerts again", destination.name());
        }
        if (attempt > 1) {
            LOG.debug(
                    "Destination {} accepted an alert at attempt {}", destination.name(), attempt);
        }
    }

    private void deadLetter(Delivery delivery, DeliveryException e, int attempts)
            throws IOException {
        metrics.failed.labelValues(destination.name()).inc();
        deadLetter.write(delivery, destination.name(), e.getMessage(), attempts);
        metrics.deadLettered.labelValues(destination.name()).inc();
        if (deadLetterWarnings.allow()) {
            LOG.warn(
                    "Destination {} refused alert {} ({} after {} attempts); written to {}"
                            + " ({} more dead-lettered since the last warning)",
                    destination.name(),
                    delivery.alert().eventId(),
                    e.getMessage(),
                    attempts,
                    deadLetter.path(),
                    deadLetterWarnings.takeSuppressed());
        }
    }

    /** Stops the thread, interrupting a delivery or a backoff in progress. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
