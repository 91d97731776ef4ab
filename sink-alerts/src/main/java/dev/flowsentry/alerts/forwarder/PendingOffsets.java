package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read but not yet committed, per partition in offset order. A partition's commit
 * position advances only past records that are done, so a record still in flight holds back the
 * commit of every later one: after a crash everything from it on is read again (at least once).
 *
 * <p>Tracking and committing happen on the polling thread; workers only complete deliveries.
 */
final class PendingOffsets {

    private final Map<TopicPartition, ArrayDeque<Delivery>> byPartition = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    /** Tracks a record that {@code destinations} workers will complete (none: done now). */
    Delivery track(ConsumerRecord<byte[], byte[]> record, Alert alert, int destinations) {
        if (destinations > 0) {
            inFlight.incrementAndGet();
        }
        Delivery delivery = new Delivery(record, alert, destinations, this::deliveryDone);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        byPartition.computeIfAbsent(partition, key -> new ArrayDeque<>()).addLast(delivery);
        return delivery;
    }

    private void deliveryDone() {
        if (inFlight.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Alerts read but not delivered to every destination yet. */
    int inFlight() {
        return inFlight.get();
    }

    /** The new commit position of each partition whose leading records are done. */
    Map<TopicPartition, OffsetAndMetadata> completedOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ArrayDeque<Delivery>> entry : byPartition.entrySet()) {
            ArrayDeque<Delivery> queue = entry.getValue();
            long next = -1;
            while (!queue.isEmpty() && queue.peekFirst().isDone()) {
                next = queue.pollFirst().offset() + 1;
            }
            if (next >= 0) {
                offsets.put(entry.getKey(), new OffsetAndMetadata(next));
            }
        }
        return offsets;
    }

    /** Records of this partition read but not yet committable. */
    int pending(TopicPartition partition) {
        ArrayDeque<Delivery> queue = byPartition.get(partition);
        return queue == null ? 0 : queue.size();
    }

    /** Forgets revoked or lost partitions; their records will be read again by their new owner. */
    void drop(Collection<TopicPartition> partitions) {
        partitions.forEach(byPartition::remove);
    }

    /** Waits until no alert is in flight; false if the timeout came first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
