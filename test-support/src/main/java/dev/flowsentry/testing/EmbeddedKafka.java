package dev.flowsentry.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka cluster (combined broker and controller) inside the test JVM, from
 * Kafka's own {@link KafkaClusterTestKit}. Ready in a few seconds; about 90 MB.
 *
 * <p>Transactions work: the transaction-state and offsets topics have replication factor 1. For a
 * broker that a test kills and restarts, use {@link KafkaBrokerProcess} instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker with the single-node defaults and the given extra broker settings. */
    public static EmbeddedKafka start(Map<String, String> brokerSettings) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        for (Map.Entry<String, String> setting :
                KafkaBrokerProcess.singleNodeDefaults().entrySet()) {
            builder.setConfigProp(setting.getKey(), setting.getValue());
        }
        brokerSettings.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties with {@code bootstrap.servers} set. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** Creates a topic and waits until it exists. */
    public void createTopic(String name, int partitions, Map<String, String> topicConfig)
            throws ExecutionException, InterruptedException {
        createTopic(bootstrapServers(), name, partitions, topicConfig);
    }

    public void createTopic(String name, int partitions)
            throws ExecutionException, InterruptedException {
        createTopic(name, partitions, Map.of());
    }

    static void createTopic(
            String bootstrapServers, String name, int partitions, Map<String, String> topicConfig)
            throws ExecutionException, InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(topicConfig);
            admin.createTopics(List.of(topic)).all().get();
            awaitLeaders(admin, name, partitions);
        }
    }

    /**
     * Waits until every partition of a just-created topic has a leader: the controller answers the
     * creation before the broker has loaded the new metadata, and a describe or a produce in that
     * gap fails with UnknownTopicOrPartitionException.
     */
    private static void awaitLeaders(Admin admin, String name, int partitions)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            try {
                TopicDescription description =
                        admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + name + " has no leaders yet");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** How long the helpers here wait for a broker to come up. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
}
