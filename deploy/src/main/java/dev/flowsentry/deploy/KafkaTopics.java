package dev.flowsentry.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Makes topics exist as specified, idempotently: creates a missing topic; grows an existing one to
 * the partition count asked for (Kafka never shrinks one: a smaller count is reported and kept);
 * sets the topic settings given. Run by {@code deploy/flowsentry topics} on the broker's classpath:
 *
 * <pre>
 * java -cp flowsentry-deploy.jar:lib/kafka/* dev.flowsentry.deploy.KafkaTopics \
 *     --bootstrap-servers 127.0.0.1:9092 flows:4:retention.ms=86400000 alerts:4
 * </pre>
 *
 * <p>Each topic is {@code NAME:PARTITIONS[:key=value,key=value...]}; replication factor 1 (a
 * single-node broker). {@code --command-config FILE} adds the admin client's settings (TLS, SASL)
 * from a properties file.
 */
public final class KafkaTopics {

    private static final long TIMEOUT_SECONDS = 60;

    /** One topic as asked for. */
    record TopicSpecification(String name, int partitions, Map<String, String> settings) {

        static TopicSpecification parse(String text) {
            String[] parts = text.split(":", 3);
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException(
                        "expected NAME:PARTITIONS[:key=value,...], found '" + text + "'");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            if (parts.length == 3) {
                for (String setting : parts[2].split(",")) {
                    String[] keyValue = setting.split("=", 2);
                    if (keyValue.length != 2) {
                        throw new IllegalArgumentException(
                                "expected key=value, found '" + setting + "' in '" + text + "'");
                    }
                    settings.put(keyValue[0].strip(), keyValue[1].strip());
                }
            }
            int partitions;
            try {
                partitions = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                partitions = 0;
            }
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "partitions must be a whole number of at least 1, found '"
                                + parts[1]
                                + "' in '"
                                + text
                                + "'");
            }
            return new TopicSpecification(parts[0], partitions, settings);
        }
    }

    private KafkaTopics() {}

    public static void main(String[] arguments) {
        System.exit(
                AdminCommand.run(
                        arguments,
                        commandLine -> {
                            List<TopicSpecification> topics =
                                    commandLine.positional().stream()
                                            .map(TopicSpecification::parse)
                                            .toList();
                            return admin -> ensure(admin, topics);
                        }));
    }

    /** Makes every topic exist as specified; returns one line per topic saying what was done. */
    static List<String> ensure(Admin admin, Collection<TopicSpecification> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> report = new ArrayList<>();
        for (TopicSpecification topic : topics) {
            if (existing.contains(topic.name())) {
                report.add(update(admin, topic));
            } else {
                NewTopic newTopic =
                        new NewTopic(topic.name(), topic.partitions(), (short) 1)
                                .configs(topic.settings());
                admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                report.add(
                        "topic "
                                + topic.name()
                                + ": created with "
                                + topic.partitions()
                                + " partitions");
            }
        }
        return report;
    }

    private static String update(Admin admin, TopicSpecification topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description =
                admin.describeTopics(List.of(topic.name()))
                        .allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .get(topic.name());
        int partitions = description.partitions().size();
        String outcome = "exists with " + partitions + " partitions";
        if (partitions < topic.partitions()) {
            admin.createPartitions(
                            Map.of(topic.name(), NewPartitions.increaseTo(topic.partitions())))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            outcome = "grown from " + partitions + " to " + topic.partitions() + " partitions";
        } else if (partitions > topic.partitions()) {
            outcome +=
                    " (more than the "
                            + topic.partitions()
                            + " asked for: Kafka cannot shrink a topic)";
        }
        setSettings(admin, topic);
        return "topic " + topic.name() + ": " + outcome;
    }

    private static void setSettings(Admin admin, TopicSpecification topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topic.settings().isEmpty()) {
            return;
        }
        List<AlterConfigOp> operations = new ArrayList<>();
        topic.settings()
                .forEach(
                        (key, value) ->
                                operations.add(
                                        new AlterConfigOp(
                                                new ConfigEntry(key, value),
                                                AlterConfigOp.OpType.SET)));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        admin.incrementalAlterConfigs(Map.of(resource, operations))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
