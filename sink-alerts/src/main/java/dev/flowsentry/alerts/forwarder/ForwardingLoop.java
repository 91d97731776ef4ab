package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.encoding.AlertDecodingException;
import dev.flowsentry.alerts.encoding.EcsAlertDecoder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling thread: reads alert records, hands each decoded alert to every destination's worker,
 * and commits a partition's offset only past records that every destination has accepted or
 * dead-lettered (at least once). At {@code --max-in-flight} it seeks back to the first record it
 * did not take and pauses its partitions until the workers catch up, so a slow destination slows
 * reading instead of filling memory. The consumer reads with {@code read_committed}: records of
 * aborted transactions never reach it.
 */
final class ForwardingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardingLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final ForwarderSettings settings;
    private final List<DestinationWorker> workers;
    private final DeadLetterFile deadLetter;
    private final ForwarderMetrics metrics;
    private final AlertFilter filter;
    private final Clock clock;
    private final EcsAlertDecoder decoder = new EcsAlertDecoder();
    private final PendingOffsets pending = new PendingOffsets();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final LogThrottle undecodableWarnings;
    private volatile boolean running = true;
    private volatile boolean crashed;
    private boolean paused;
    private Instant lagUpdatedAt = Instant.MIN;

    ForwardingLoop(
            Consumer<byte[], byte[]> consumer,
            ForwarderSettings settings,
            List<DestinationWorker> workers,
            DeadLetterFile deadLetter,
            ForwarderMetrics metrics,
            Clock clock) {
        this.consumer = consumer;
        this.settings = settings;
        this.workers = workers;
        this.deadLetter = deadLetter;
        this.metrics = metrics;
        this.filter = new AlertFilter(settings.minSeverity, settings.types);
        this.clock = clock;
        this.undecodableWarnings = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    /**
     * Runs until {@link #stop} or a fatal error; on a graceful stop it waits up to the shutdown
     * timeout for alerts in flight and commits what was delivered.
     *
     * @throws IOException if the dead letter cannot be written: what failed stays uncommitted
     */
    void run() throws IOException, InterruptedException {
        consumer.subscribe(List.of(settings.topic), new Rebalance());
        try {
            while (running) {
                pollOnce();
                checkWorkers();
            }
            if (!crashed) {
                drainAndCommit();
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Stops polling; a graceful stop drains and commits, a crash (tests) does neither. */
    void stop(boolean crash) {
        crashed = crash;
        running = false;
        consumer.wakeup();
    }

    /** Releases the consumer of a loop that never ran. */
    void closeUnstarted() {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    private void pollOnce() throws IOException, InterruptedException {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            return;
        }
        accept(records);
        applyBackpressure();
        commit();
        updateGauges();
    }

    private void accept(ConsumerRecords<byte[], byte[]> records)
            throws IOException, InterruptedException {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
            for (ConsumerRecord<byte[], byte[]> record : list) {
                if (pending.inFlight() >= settings.maxInFlight) {
                    // Take no more: read this record again once the workers catch up.
                    consumer.seek(partition, record.offset());
                    pause();
                    break;
                }
                accept(record);
            }
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record)
            throws IOException, InterruptedException {
        metrics.received.inc();
        Alert alert;
        try {
            alert = decoder.decode(record.value());
        } catch (AlertDecodingException e) {
            undecodable(record, e);
            return;
        }
        if (!filter.accepts(alert)) {
            metrics.filtered.inc();
            pending.track(record, alert, 0);
            return;
        }
        Delivery delivery = pending.track(record, alert, workers.size());
        for (DestinationWorker worker : workers) {
            worker.submit(delivery);
        }
    }

    private void undecodable(ConsumerRecord<byte[], byte[]> record, AlertDecodingException e)
            throws IOException {
        metrics.undecodable.inc();
        deadLetter.write(record, null, ForwarderMetrics.NO_DESTINATION, e.getMessage(), 0);
        metrics.deadLettered.labelValues(ForwarderMetrics.NO_DESTINATION).inc();
        pending.track(record, null, 0);
        if (undecodableWarnings.allow()) {
            LOG.warn(
                    "Record {}-{}@{} is not a valid alert ({}); written to {} ({} more since the"
                            + " last warning)",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage(),
                    deadLetter.path(),
                    undecodableWarnings.takeSuppressed());
        }
    }

    private void pause() {
        if (!paused) {
            LOG.debug("{} alerts in flight: pausing reads", pending.inFlight());
        }
        consumer.pause(consumer.assignment());
        paused = true;
        metrics.paused.set(1);
    }

    private void applyBackpressure() {
        if (paused && pending.inFlight() <= settings.maxInFlight / 2) {
            consumer.resume(consumer.paused());
            paused = false;
            metrics.paused.set(0);
            LOG.debug("{} alerts in flight: resuming reads", pending.inFlight());
        } else if (paused) {
            consumer.pause(consumer.assignment());
        }
        metrics.inFlight.set(pending.inFlight());
    }

    /**
     * Commits each partition past its records that are done; a partition with nothing pending is
     * committed up to the consumer's position, past transaction markers and aborted records.
     */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.completedOffsets();
        for (TopicPartition partition : consumer.assignment()) {
            if (pending.pending(partition) == 0 && committed.containsKey(partition)) {
                long position = consumer.position(partition);
                if (position > committed.get(partition)) {
                    offsets.put(partition, new OffsetAndMetadata(position));
                }
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("Commit failed during a rebalance; those alerts may be delivered again", e);
        } catch (WakeupException e) {
            // Stopping: the final commit after the loop covers these offsets.
        }
    }

    private void updateGauges() {
        Instant now = clock.instant();
        if (now.isBefore(lagUpdatedAt.plus(LAG_INTERVAL)) || consumer.assignment().isEmpty()) {
            return;
        }
        lagUpdatedAt = now;
        try {
            Map<TopicPartition, Long> ends =
                    consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(5));
            ends.forEach(
                    (partition, end) -> {
                        Long position = committed.get(partition);
                        if (position != null) {
                            metrics.consumerLag
                                    .labelValues(
                                            partition.topic(),
                                            Integer.toString(partition.partition()))
                                    .set(Math.max(0, end - position));
                        }
                    });
        } catch (WakeupException e) {
            // Stopping.
        } catch (RuntimeException e) {
            LOG.debug("Cannot read end offsets for the lag metric", e);
        }
    }

    private void checkWorkers() throws IOException {
        for (DestinationWorker worker : workers) {
            Throwable fatal = worker.fatal();
            if (fatal != null) {
                running = false;
                throw new IOException("destination " + worker.name() + " stopped", fatal);
            }
        }
    }

    private void drainAndCommit() throws InterruptedException {
        Instant deadline = clock.instant().plus(settings.shutdownTimeout);
        while (pending.inFlight() > 0 && clock.instant().isBefore(deadline)) {
            pending.awaitIdle(Duration.ofMillis(200));
            commit();
        }
        commit();
        if (pending.inFlight() > 0) {
            LOG.warn(
                    "Stopping with {} alerts in flight; they will be delivered again on restart",
                    pending.inFlight());
        }
    }

    /** Commits before partitions move, and starts tracking the ones assigned. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                // Where reading starts: the group's committed offset or the reset policy's.
                committed.put(partition, consumer.position(partition));
            }
            if (paused) {
                consumer.pause(partitions);
            }
            LOG.info("Assigned partitions {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            pending.drop(partitions);
            for (TopicPartition partition : partitions) {
                committed.remove(partition);
                metrics.consumerLag.remove(
                        partition.topic(), Integer.toString(partition.partition()));
            }
        }
    }
}
