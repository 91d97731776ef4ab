package dev.flowsentry.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.testing.EmbeddedKafka;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import dev.flowsentry.traffic.scenario.ScenarioLabel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled scenario end to end: flows produced to a real broker, the real job on a Flink
 * MiniCluster (generic types disabled, a task manager killed mid-stream), alerts read back with
 * read_committed; then the same topic replayed as a backtest must give the same alerts.
 */
class ScenarioEndToEndTest {

    private static final String FLOWS = "flows";
    private static final String ALERTS = "alerts";
    private static final String DEAD_LETTER = "flows-dead-letter";
    private static final int GARBAGE_EVERY = 25_000;
    private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(clusterConfiguration())
                            .build());

    private static EmbeddedKafka kafka;

    @TempDir static Path checkpoints;
    private static final LabelledScenario SCENARIO = LabelledScenario.builder().seed(3).build();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        createTopic(FLOWS, 4);
        createTopic(ALERTS, 2);
        createTopic(DEAD_LETTER, 1);
    }

    /** Creates a topic and waits until its metadata is served (it lags the creation briefly). */
    static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(name, partitions, (short) 1)
                                            .configs(KEEP_FOREVER)))
                    .all()
                    .get();
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    admin.describeTopics(List.of(name))
                                                    .allTopicNames()
                                                    .get()
                                                    .get(name)
                                                    .partitions()
                                                    .size()
                                            == partitions);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyAttackIsAlertedOnceNoBenignHeavyHitterIsAndAReplayGivesTheSameAlerts(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.getExecutionEnvironment(clusterConfiguration());
        DetectionJob.build(environment, config("--dead-letter-topic", DEAD_LETTER));
        JobClient job = environment.executeAsync("FlowSentry end to end");
        List<JsonNode> alerts;
        long garbage;
        long committedBeforeFailure;
        try {
            Iterator<FlowRecord> flows = SCENARIO.flows();
            long firstAttackMs = SCENARIO.attacks().get(0).start().toEpochMilli();
            garbage = produce(flows, firstAttackMs + 60_000);
            committedBeforeFailure = awaitFirstCommittedAlertThenKillTheTaskManager(cluster);
            garbage += produce(flows, Long.MAX_VALUE);
            alerts = awaitEveryAttackEnded();
        } finally {
            job.cancel().get();
        }

        assertEveryAttackStartedInTime(alerts);
        assertNoAlertOnBenignHeavyHitters(alerts);
        assertEveryStartEnds(alerts);
        assertThat(alerts)
                .extracting(alert -> alert.path("event").path("id").asText())
                .doesNotHaveDuplicates();
        assertThat(countRecords(DEAD_LETTER, false)).isEqualTo(garbage);
        assertThat(alerts)
                .as("alerts after the failure")
                .hasSizeGreaterThan((int) committedBeforeFailure);

        assertThat(replay()).isEqualTo(identities(alerts));
    }

    private static Configuration clusterConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        configuration.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return configuration;
    }

    private static JobConfig config(String... extra) {
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", kafka.bootstrapServers(),
                                "--flows-topic", FLOWS,
                                "--alerts-topic", ALERTS,
                                "--group-id", "end-to-end",
                                "--starting-offsets", "earliest",
                                "--checkpoint-interval", "2s",
                                "--checkpoint-dir", checkpoints.toUri().toString(),
                                "--transaction-timeout", "2min",
                                "--out-of-orderness", "2s",
                                "--idleness", "5s",
                                "--parallelism", "2"));
        arguments.addAll(SCENARIO.detectionArguments());
        arguments.addAll(List.of(extra));
        return JobConfig.parse(arguments.toArray(String[]::new));
    }

    /**
     * Produces the scenario's flows that end before {@code untilMs}, keyed and stamped as the
     * decoder does, with a garbage record every {@value #GARBAGE_EVERY}; returns the garbage count.
     */
    private static long produce(Iterator<FlowRecord> flows, long untilMs) {
        FlowRecordJson json = new FlowRecordJson();
        long count = 0;
        long garbage = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            while (flows.hasNext()) {
                FlowRecord flow = flows.next();
                if (flow.flowEndMs() >= untilMs) {
                    send(producer, json, flow);
                    break;
                }
                send(producer, json, flow);
                if (++count % GARBAGE_EVERY == 0) {
                    producer.send(
                            new ProducerRecord<>(
                                    FLOWS,
                                    null,
                                    flow.flowEndMs(),
                                    flow.partitionKey().getBytes(StandardCharsets.UTF_8),
                                    "{\"src_addr\": not json".getBytes(StandardCharsets.UTF_8)));
                    garbage++;
                }
            }
            producer.flush();
        }
        return garbage;
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, FlowRecordJson json, FlowRecord flow) {
        producer.send(
                new ProducerRecord<>(
                        FLOWS,
                        null,
                        flow.flowEndMs(),
                        flow.partitionKey().getBytes(StandardCharsets.UTF_8),
                        json.toBytes(flow)));
    }

    /** Kills the only task manager once alerts flow; returns how many were committed then. */
    private static long awaitFirstCommittedAlertThenKillTheTaskManager(MiniCluster cluster)
            throws Exception {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> countRecords(ALERTS, true) > 0);
        cluster.terminateTaskManager(0).get();
        long committed = countRecords(ALERTS, true);
        cluster.startTaskManager();
        return committed;
    }

    private static List<JsonNode> awaitEveryAttackEnded() {
        List<JsonNode> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(true)) {
            assignFromStart(consumer, ALERTS);
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                poll(consumer, alerts);
                                return everyAttackEnded(alerts);
                            });
            long quietUntilMs = System.currentTimeMillis() + 6_000;
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                poll(consumer, alerts);
                                return System.currentTimeMillis() >= quietUntilMs;
                            });
        }
        return alerts;
    }

    private static boolean everyAttackEnded(List<JsonNode> alerts) {
        for (ScenarioLabel attack : SCENARIO.attacks()) {
            if (matching(alerts, attack, "end").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void assertEveryAttackStartedInTime(List<JsonNode> alerts) {
        Duration twoWindows = Duration.ofSeconds(20);
        for (ScenarioLabel attack : SCENARIO.attacks()) {
            List<JsonNode> starts = matching(alerts, attack, "start");
            assertThat(starts).as("start of %s", attack).hasSize(1);
            Instant alertedAt = Instant.parse(starts.get(0).path("@timestamp").asText());
            assertThat(alertedAt)
                    .as("alert time of %s", attack)
                    .isAfter(attack.start())
                    .isBeforeOrEqualTo(attack.start().plus(twoWindows));
        }
    }

    private static void assertNoAlertOnBenignHeavyHitters(List<JsonNode> alerts) {
        Set<String> heavyHitters =
                SCENARIO.benignHeavyHitters().stream()
                        .map(ScenarioLabel::host)
                        .collect(Collectors.toSet());
        assertThat(alerts).filteredOn(alert -> heavyHitters.contains(host(alert))).isEmpty();
        Set<String> attackers =
                SCENARIO.attacks().stream()
                        .map(label -> label.type() + "/" + label.subtype() + "/" + label.host())
                        .collect(Collectors.toSet());
        assertThat(alerts)
                .extracting(alert -> kind(alert) + "/" + host(alert))
                .allMatch(attackers::contains);
    }

    private static void assertEveryStartEnds(List<JsonNode> alerts) {
        Set<String> started = ids(alerts, "start");
        assertThat(ids(alerts, "end")).isEqualTo(started);
    }

    /** The backtest over the whole topic: the alerts' identities. */
    private static Set<String> replay() throws Exception {
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.getExecutionEnvironment(clusterConfiguration());
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        List<Alert> alerts =
                Backtest.run(
                        environment,
                        config("--backtest"),
                        new PrintStream(report, true, StandardCharsets.UTF_8));
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("Backtest summary");
        return alerts.stream()
                .map(alert -> alert.eventId() + "/" + alert.state().code() + "/" + alert.host())
                .collect(Collectors.toSet());
    }

    private static Set<String> identities(List<JsonNode> alerts) {
        return alerts.stream()
                .map(
                        alert ->
                                alert.path("event").path("id").asText()
                                        + "/"
                                        + alert.path("alert").path("state").asText()
                                        + "/"
                                        + host(alert))
                .collect(Collectors.toSet());
    }

    private static List<JsonNode> matching(
            List<JsonNode> alerts, ScenarioLabel label, String state) {
        return alerts.stream()
                .filter(
                        alert ->
                                host(alert).equals(label.host())
                                        && kind(alert).equals(label.type() + "/" + label.subtype())
                                        && alert.path("alert").path("state").asText().equals(state))
                .toList();
    }

    private static Set<String> ids(List<JsonNode> alerts, String state) {
        return alerts.stream()
                .filter(alert -> alert.path("alert").path("state").asText().equals(state))
                .map(alert -> alert.path("alert").path("id").asText())
                .collect(Collectors.toSet());
    }

    private static String host(JsonNode alert) {
        return alert.path("alert").path("host").asText();
    }

    private static String kind(JsonNode alert) {
        JsonNode body = alert.path("alert");
        return body.path("type").asText() + "/" + body.path("subtype").asText();
    }

    private static void poll(KafkaConsumer<byte[], byte[]> consumer, List<JsonNode> into)
            throws Exception {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            into.add(JSON.readTree(record.value()));
        }
    }

    private static long countRecords(String topic, boolean committedOnly) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(committedOnly)) {
            List<TopicPartition> partitions = assignFromStart(consumer, topic);
            long count = 0;
            for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(partitions).entrySet()) {
                count += end.getValue();
            }
            if (!committedOnly) {
                return count;
            }
            long seen = 0;
            for (int i = 0; i < 5; i++) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            return seen;
        }
    }

    private static List<TopicPartition> assignFromStart(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(boolean readCommitted) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        properties.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
        properties.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(
                properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Properties producerProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        properties.put("linger.ms", "20");
        properties.put("batch.size", "262144");
        properties.put("compression.type", "lz4");
        return properties;
    }
}
