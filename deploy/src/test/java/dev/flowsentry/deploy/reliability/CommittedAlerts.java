package dev.flowsentry.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a SOC's {@code read_committed} consumer sees in an alerts topic: every alert of a committed
 * transaction, from the beginning up to the last stable offset, in offset order per partition.
 */
final class CommittedAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One alert message as the ECS document on the topic tells it.
     *
     * @param eventId {@code event.id}: incident id and sequence, unique per message
     * @param incidentId {@code alert.id}
     * @param sequence {@code alert.sequence}
     * @param state {@code start}, {@code update} or {@code end}
     * @param kind {@code type/subtype}, for example {@code dos/syn_flood}
     * @param host {@code alert.host}
     * @param observed {@code alert.observed}
     * @param windowEnd {@code @timestamp}: the end of the window it reports
     * @param windowStart {@code event.start}: the incident's first window start
     */
    record DeliveredAlert(
            String eventId,
            String incidentId,
            int sequence,
            String state,
            String kind,
            String host,
            double observed,
            Instant windowEnd,
            Instant windowStart) {

        static DeliveredAlert of(JsonNode document) {
            JsonNode alert = document.path("alert");
            return new DeliveredAlert(
                    document.path("event").path("id").asText(),
                    alert.path("id").asText(),
                    alert.path("sequence").asInt(),
                    alert.path("state").asText(),
                    alert.path("type").asText() + "/" + alert.path("subtype").asText(),
                    alert.path("host").asText(),
                    alert.path("observed").asDouble(Double.NaN),
                    Instant.parse(document.path("@timestamp").asText()),
                    Instant.parse(document.path("event").path("start").asText()));
        }

        /** {@code kind host}, for example {@code dos/syn_flood 10.0.1.20}. */
        String kindAndHost() {
            return kind + " " + host;
        }
    }

    private CommittedAlerts() {}

    /** Every committed alert in {@code topic}, with the client settings given (TLS, SASL). */
    static List<DeliveredAlert> read(String bootstrapServers, String topic, Properties settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "reliability-check-" + UUID.randomUUID());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return readUpToLastStableOffsets(consumer, partitions);
        }
    }

    /** Every committed alert in {@code topic} of a plaintext broker. */
    static List<DeliveredAlert> read(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic, new Properties());
    }

    private static List<DeliveredAlert> readUpToLastStableOffsets(
            KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        // Under read_committed, end offsets are the last stable offsets.
        Map<TopicPartition, Long> ends =
                new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        List<DeliveredAlert> alerts = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!reached(consumer, ends)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("alerts not read to " + ends + " within 1 min");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                alerts.add(DeliveredAlert.of(parse(record.value())));
            }
        }
        return alerts;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), Duration.ofSeconds(30)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("not an ECS alert document", e);
        }
    }

    /** The event ids that occur more than once. */
    static Set<String> duplicateEventIds(List<DeliveredAlert> alerts) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (DeliveredAlert alert : alerts) {
            if (!seen.add(alert.eventId())) {
                duplicates.add(alert.eventId());
            }
        }
        return duplicates;
    }

    /** The distinct event ids, in first-seen order. */
    static Set<String> eventIds(List<DeliveredAlert> alerts) {
        return alerts.stream()
                .map(DeliveredAlert::eventId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The {@code kind host} of every start alert. */
    static Set<String> started(List<DeliveredAlert> alerts) {
        return alerts.stream()
                .filter(alert -> alert.state().equals("start"))
                .map(DeliveredAlert::kindAndHost)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
