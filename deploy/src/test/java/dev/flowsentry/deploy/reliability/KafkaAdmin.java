package dev.flowsentry.deploy.reliability;

import dev.flowsentry.deploy.TopicOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The topic and consumer-group facts the reliability tests count with. */
final class KafkaAdmin implements AutoCloseable {

    /** The flows topic settings deploy/flowsentry gives its topic. */
    static final Map<String, String> FLOWS_TOPIC_SETTINGS =
            Map.of(
                    "message.timestamp.type", "CreateTime",
                    "message.timestamp.after.max.ms", "3600000",
                    "retention.ms", "604800000");

    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;

    KafkaAdmin(String bootstrapServers, Properties clientSettings) {
        Properties properties = new Properties();
        properties.putAll(clientSettings);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin = Admin.create(properties);
    }

    KafkaAdmin(String bootstrapServers) {
        this(bootstrapServers, new Properties());
    }

    /** Creates a topic with one replica. */
    void createTopic(String name, int partitions, Map<String, String> settings)
            throws ExecutionException, InterruptedException, TimeoutException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(settings)))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The end offset of each partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        return TopicOffsets.endOffsets(admin, topic, Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    /** The records in {@code topic}: the sum of its end offsets. */
    long records(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offsets {@code group} committed in {@code topic}, summed over its partitions. */
    long committed(String group, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                sum += entry.getValue().offset();
            }
        }
        return sum;
    }

    /** Whether {@code group} committed the end of every partition of {@code topic}. */
    boolean consumedEverything(String group, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        return committed(group, topic) == records(topic);
    }

    /** The partitions of {@code topic} that hold records, for a log line. */
    List<Integer> partitionsWithRecords(String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<Integer> partitions = new ArrayList<>();
        endOffsets(topic)
                .forEach(
                        (partition, end) -> {
                            if (end > 0) {
                                partitions.add(partition.partition());
                            }
                        });
        return partitions;
    }

    @Override
    public void close() {
        admin.close();
    }
}
