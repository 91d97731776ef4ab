package dev.flowsentry.decoder.reliability;

import dev.flowsentry.decoder.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What landed in a topic, by flow identity ({@link FlowIdentity}): each flow and its copies. */
final class LandedFlows {

    private final Map<Long, Integer> copies = new HashMap<>();
    private long records;
    private long foreign;

    private LandedFlows() {}

    /** Reads every record of {@code topic}, from the start to its end offsets of now. */
    static LandedFlows read(String bootstrapServers, String topic) {
        LandedFlows landed = new LandedFlows();
        try (KafkaConsumer<byte[], byte[]> consumer = TopicReader.consumer(bootstrapServers)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(120);
            while (!reached(consumer, ends)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    landed.add(FlowIdentity.ofJson(record.value()));
                }
            }
        }
        return landed;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void add(long identity) {
        records++;
        if (identity < 0) {
            foreign++;
            return;
        }
        copies.merge(identity, 1, Integer::sum);
    }

    /** Every record read. */
    long records() {
        return records;
    }

    /** Distinct flows. */
    long distinct() {
        return copies.size();
    }

    /** Records beyond the first copy of their flow. */
    long duplicates() {
        return records - foreign - copies.size();
    }

    /** Records that are not flows of ours. */
    long foreign() {
        return foreign;
    }

    boolean contains(long identity) {
        return copies.containsKey(identity);
    }

    Set<Long> identities() {
        return copies.keySet();
    }
}
