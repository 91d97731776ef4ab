package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One alert record on its way to every destination. Done when each destination has accepted it or
 * dead-lettered it; only then may its offset be committed.
 */
final class Delivery {

    private final ConsumerRecord<byte[], byte[]> record;
    private final Alert alert;
    private final AtomicInteger remaining;
    private final Runnable onDone;

    Delivery(
            ConsumerRecord<byte[], byte[]> record, Alert alert, int destinations, Runnable onDone) {
        this.record = record;
        this.alert = alert;
        this.remaining = new AtomicInteger(destinations);
        this.onDone = onDone;
    }

    ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    /** The decoded alert, or null for a record that was not decodable. */
    Alert alert() {
        return alert;
    }

    long offset() {
        return record.offset();
    }

    /** Where the record came from, for logs and the dead letter: {@code topic-partition@offset}. */
    String position() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** Called by each destination's worker once, when it has delivered or dead-lettered. */
    void completeOne() {
        if (remaining.decrementAndGet() == 0) {
            onDone.run();
        }
    }

    boolean isDone() {
        return remaining.get() <= 0;
    }
}
