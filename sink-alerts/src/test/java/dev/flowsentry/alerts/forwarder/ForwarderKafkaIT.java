package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.Severity;
import dev.flowsentry.alerts.kafka.AlertKafkaRecordSerializationSchema;
import dev.flowsentry.testing.EmbeddedKafkaExtension;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a real KRaft broker: transactional alerts, aborted transactions, a crash
 * mid-stream, a slow destination, bad records, filters and secrets.
 */
class ForwarderKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir Path directory;
    private RecordingWebhook webhook;
    private final List<AlertForwarder> forwarders = new ArrayList<>();

    @BeforeEach
    void startWebhook() throws Exception {
        webhook = new RecordingWebhook();
    }

    @AfterEach
    void stopEverything() {
        forwarders.forEach(AlertForwarder::close);
        webhook.close();
    }

    @Test
    void committedAlertsArriveAtLeastOnceAcrossACrashAndAbortedOnesNever() throws Exception {
        String topic = "alerts-crash";
        kafka.createTopic(topic, 2);
        List<Alert> first = alerts("first", 20);
        List<Alert> aborted = alerts("aborted", 10);
        List<Alert> last = alerts("last", 20);
        produce(topic, first, true);
        webhook.holdFrom(10);

        AlertForwarder crashing = start(topic, "crash-group", "--to", webhook.url());
        await().atMost(WAIT).until(() -> webhook.requests().size() == 11);
        produce(topic, aborted, false);
        produce(topic, last, true);
        String heldEventId = webhook.eventIds().get(10);
        crashing.crash();
        webhook.release();

        start(topic, "crash-group", "--to", webhook.url());

        Set<String> committed = eventIds(first, last);
        await().atMost(WAIT).until(() -> webhook.eventIds().containsAll(committed));
        assertThat(webhook.eventIds()).doesNotContainAnyElementsOf(eventIds(aborted));
        assertThat(webhook.eventIds()).filteredOn(heldEventId::equals).hasSizeGreaterThan(1);
        forwarders.get(1).close();
        assertThat(groupLag(topic, "crash-group")).isZero();
    }

    @Test
    void slowDestinationPausesReadingWithBoundedAlertsInFlight() throws Exception {
        String topic = "alerts-slow";
        kafka.createTopic(topic, 1);
        produce(topic, alerts("slow", 50), true);
        webhook.holdFrom(0);

        AlertForwarder forwarder =
                start(
                        topic,
                        "slow-group",
                        "--to",
                        webhook.url(),
                        "--max-in-flight",
                        "5",
                        "--metrics-port",
                        "0");

        await().atMost(WAIT).until(() -> scrape(forwarder, "flowsentry_forwarder_paused") == 1);
        assertThat(scrape(forwarder, "flowsentry_forwarder_in_flight")).isEqualTo(5);
        assertThat(webhook.requests()).hasSize(1);
        // 50 alerts and the transaction's commit marker, none of them committed yet.
        await().atMost(WAIT)
                .until(() -> scrape(forwarder, "flowsentry_forwarder_consumer_lag") == 51);

        webhook.release();

        await().atMost(WAIT)
                .until(() -> scrape(forwarder, "flowsentry_forwarder_consumer_lag") == 0);
        assertThat(Set.copyOf(webhook.eventIds())).hasSize(50);
        assertThat(scrape(forwarder, "flowsentry_forwarder_paused")).isZero();
        assertThat(scrape(forwarder, "flowsentry_forwarder_delivered_total")).isEqualTo(50);
    }

    @Test
    void badRecordsAreDeadLetteredAndFilteredAlertsSkippedWithoutStopping() throws Exception {
        String topic = "alerts-mixed";
        kafka.createTopic(topic, 1);
        Alert critical = SampleAlerts.synFloodStart();
        Alert low = critical.toBuilder().id("low").severity(Severity.LOW).build();
        Alert scan = critical.toBuilder().id("scan").kind(AlertKind.VERTICAL_SCAN).build();
        Alert exfiltration = SampleAlerts.all().get("exfiltration-volume-start");
        try (KafkaProducer<byte[], byte[]> producer = producer("mixed")) {
            producer.beginTransaction();
            send(producer, topic, critical);
            producer.send(new ProducerRecord<>(topic, "x".getBytes(), "{not json".getBytes()));
            send(producer, topic, low);
            send(producer, topic, scan);
            send(producer, topic, exfiltration);
            producer.commitTransaction();
        }
        Path alertsFile = directory.resolve("out/alerts.jsonl");

        AlertForwarder forwarder =
                start(
                        topic,
                        "mixed-group",
                        "--to",
                        alertsFile.toUri().toString(),
                        "--min-severity",
                        "high",
                        "--type",
                        "dos,exfiltration");

        await().atMost(WAIT)
                .until(
                        () ->
                                Files.exists(alertsFile)
                                        && Files.readAllLines(alertsFile).size() == 2);
        assertThat(Files.readAllLines(alertsFile))
                .allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\""))
                .anySatisfy(line -> assertThat(line).contains(critical.eventId()))
                .anySatisfy(line -> assertThat(line).contains(exfiltration.eventId()));
        List<String> deadLetters = Files.readAllLines(directory.resolve("dead-letter.jsonl"));
        assertThat(deadLetters).hasSize(1);
        assertThat(new ObjectMapper().readTree(deadLetters.get(0)).get("offset").asLong())
                .isEqualTo(1);
        ForwarderMetrics metrics = forwarder.metrics();
        assertThat(metrics.undecodable.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> metrics.filtered.get() == 2);
        forwarder.close();
        assertThat(groupLag(topic, "mixed-group")).isZero();
    }

    @Test
    void secretsFromFilesNeverReachTheLogs() throws Exception {
        String topic = "alerts-secret";
        kafka.createTopic(topic, 1);
        produce(topic, alerts("secret", 3), true);
        Path token = Files.writeString(directory.resolve("token"), "tok-S3CRET-9f8e");
        Path kafkaConfig =
                Files.writeString(
                        directory.resolve("kafka.properties"),
                        "security.protocol=PLAINTEXT\n"
                                + "ssl.truststore.password=KAFKA-S3CRET-1a2b\n"
                                + "sasl.jaas.config=org.apache.kafka.common.security.plain."
                                + "PlainLoginModule required username=\"u\" password=\"JAAS-S3CRET\";\n");
        StringWriter logs = new StringWriter();

        try (LogCapture capture = new LogCapture(logs)) {
            AlertForwarder forwarder =
                    start(
                            topic,
                            "secret-group",
                            "--to",
                            webhook.url(),
                            "--webhook-token-file",
                            token.toString(),
                            "--kafka-config",
                            kafkaConfig.toString());
            await().atMost(WAIT).until(() -> webhook.requests().size() == 3);
            forwarder.close();
        }

        assertThat(webhook.requests().get(0).authorization()).isEqualTo("Bearer tok-S3CRET-9f8e");
        assertThat(logs.toString())
                .contains("ConsumerConfig values")
                .contains("Forwarding topic alerts-secret")
                .doesNotContain("tok-S3CRET-9f8e", "KAFKA-S3CRET-1a2b", "JAAS-S3CRET");
    }

    private AlertForwarder start(String topic, String group, String... args) throws Exception {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic",
                                topic,
                                "--group-id",
                                group,
                                "--dead-letter",
                                directory.resolve("dead-letter.jsonl").toString(),
                                "--initial-backoff",
                                "50ms"));
        all.addAll(List.of(args));
        AlertForwarder forwarder =
                new AlertForwarder(
                        ForwarderSettings.parse(all.toArray(String[]::new), Map.of()), System.out);
        forwarders.add(forwarder);
        forwarder.start();
        return forwarder;
    }

    private static List<Alert> alerts(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(
                        i ->
                                SampleAlerts.synFloodStart().toBuilder()
                                        .id(prefix + "-" + i)
                                        .host("10.0.1." + i)
                                        .build())
                .toList();
    }

    private static Set<String> eventIds(List<Alert> first, List<Alert> second) {
        Set<String> ids = new HashSet<>(eventIds(first));
        ids.addAll(eventIds(second));
        return ids;
    }

    private static Set<String> eventIds(List<Alert> alerts) {
        Set<String> ids = new HashSet<>();
        alerts.forEach(alert -> ids.add(alert.eventId()));
        return ids;
    }

    /** Sends the alerts in one transaction, as the job's exactly-once sink does. */
    private static void produce(String topic, List<Alert> alerts, boolean commit) {
        try (KafkaProducer<byte[], byte[]> producer = producer(topic + "-" + commit)) {
            producer.beginTransaction();
            for (Alert alert : alerts) {
                send(producer, topic, alert);
            }
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Alert alert) {
        producer.send(new AlertKafkaRecordSerializationSchema(topic).serialize(alert, null, null));
    }

    private static KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties properties = kafka.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + transactionalId);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
        producer.initTransactions();
        return producer;
    }

    /** The group's committed offsets against the partitions' last stable offsets. */
    private static long groupLag(String topic, String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            int partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += end.getValue().offset() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        }
    }

    /** The sum of a metric's samples on the forwarder's real /metrics endpoint. */
    private static double scrape(AlertForwarder forwarder, String name) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + forwarder.metricsPort()
                                                                + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher matcher =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(response.body());
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        return sum;
    }

    /**
     * Captures everything our code logs at DEBUG and the Kafka client at INFO, where it prints its
     * whole configuration.
     */
    private static final class LogCapture implements AutoCloseable {
        private final WriterAppender appender;
        private final Configuration configuration;

        LogCapture(StringWriter sink) {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            configuration = context.getConfiguration();
            appender =
                    WriterAppender.createAppender(
                            PatternLayout.newBuilder().withPattern("%p %c %m%n").build(),
                            null,
                            sink,
                            "capture",
                            false,
                            true);
            appender.start();
            configuration.addAppender(appender);
            configuration.getRootLogger().addAppender(appender, Level.ALL, null);
            Configurator.setLevel("dev.flowsentry", Level.DEBUG);
            Configurator.setLevel("org.apache.kafka.clients", Level.INFO);
            Configurator.setLevel("org.apache.kafka.common.config", Level.INFO);
            context.updateLoggers();
        }

        @Override
        public void close() {
            configuration.getRootLogger().removeAppender("capture");
            appender.stop();
            Configurator.setLevel("dev.flowsentry", Level.INFO);
            Configurator.setLevel("org.apache.kafka.clients", Level.WARN);
            Configurator.setLevel("org.apache.kafka.common.config", Level.WARN);
        }
    }
}
