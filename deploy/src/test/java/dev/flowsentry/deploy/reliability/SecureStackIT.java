package dev.flowsentry.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.deploy.e2e.LocalStack;
import dev.flowsentry.deploy.reliability.CommittedAlerts.DeliveredAlert;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local stack in its secured mode ({@code FLOWSENTRY_KAFKA_SECURITY=sasl_ssl}): a broker with a
 * TLS listener (certificates made by keytool at start), SCRAM-SHA-512 users, the StandardAuthorizer
 * and one ACL set per component. The demo scenario goes through FlowSentry's NetFlow v9 exporter,
 * the decoder, the job and the forwarder, each with its own user; then each user tries what its
 * ACLs forbid; then no secret may appear in a log, a command line, the Flink REST API or a {@code
 * --help}.
 *
 * <p>Ports: {@code flowsentry.security.port.base} (default 29400) plus the usual last digits (the
 * administration listener +94); state directory {@code deploy/target/security-home}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureStackIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static Path secrets;
    private static Path delivered;
    private static String jobId;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        Path home =
                Path.of(System.getProperty("flowsentry.security.home", "target/security-home"))
                        .toAbsolutePath();
        int portBase =
                LocalStack.portBase(
                        "FLOWSENTRY_SECURITY_PORT_BASE", "flowsentry.security.port.base", 29400);
        delivered = home.resolve("delivered/alerts.jsonl");
        stack =
                new LocalStack(LocalStack.repository(), home, portBase)
                        .fresh()
                        .set("FLOWSENTRY_KAFKA_SECURITY", "sasl_ssl")
                        .set("FLOWSENTRY_KAFKA_INTERNAL_PORT", Integer.toString(portBase + 94))
                        .set("FLOWSENTRY_FORWARDER_ARGS", "--to file://" + delivered);
        Files.createDirectories(delivered.getParent());
        secrets = home.resolve("secrets");
        stack.run(START_TIMEOUT, "up").assertSucceeded("up");
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void everyComponentWithItsOwnUserCarriesTheAttacksToTheSoc() throws Exception {
        stack.run(Duration.ofMinutes(1), "scenario", "--warmup", "150s")
                .assertSucceeded("scenario");
        jobId =
                new FlinkJobs(stack)
                        .submit(stack.home().resolve("demo/job.properties"), Optional.empty());

        stack.run(START_TIMEOUT, "replay", "--exporter", "netflow9", "--warmup", "150s")
                .assertSucceeded("replay");

        List<String> attacks = attackKeys(stack.home().resolve("demo/labels.json"));
        assertThat(attacks).hasSize(6);
        await().atMost(ALERT_TIMEOUT)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(startedInFile()).containsAll(attacks));
        List<DeliveredAlert> committed =
                CommittedAlerts.read(adminBootstrapServers(), "alerts", clientSettings("admin"));
        System.out.printf(
                "RELIABILITY secured-pipeline: %d alerts committed, %d delivered to the file,"
                        + " starts %s%n",
                committed.size(),
                Files.readAllLines(delivered).size(),
                CommittedAlerts.started(committed));
        assertThat(CommittedAlerts.duplicateEventIds(committed)).isEmpty();
    }

    @Test
    @Order(2)
    void eachUserIsRefusedWhatItsComponentDoesNotNeed() throws Exception {
        assertThatThrownBy(() -> read("flowsentry-forwarder", "flows", "soc"))
                .as("the forwarder reads only alerts")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read("flowsentry-decoder", "alerts", "soc"))
                .as("the decoder reads nothing")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read("flowsentry-job", "alerts", "flowsentry-detection"))
                .as("the job writes alerts but does not read them")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write("flowsentry-decoder", "alerts"))
                .as("the decoder cannot forge alerts")
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write("flowsentry-forwarder", "alerts"))
                .as("nor can the forwarder (it may not even start a producer)")
                .hasCauseInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> write("flowsentry-job", "flows"))
                .as("the job cannot write flows")
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> commitInGroup("flowsentry-job", "flows", "soc"))
                .as("the job uses only its own consumer groups")
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> beginTransaction("flowsentry-job", "someone-else"))
                .as("the job uses only its own transactional ids")
                .isInstanceOf(TransactionalIdAuthorizationException.class);
        assertThatThrownBy(
                        () -> read(withPassword("flowsentry-forwarder", "wrong"), "alerts", "soc"))
                .as("a wrong password is refused")
                .isInstanceOf(SaslAuthenticationException.class);

        assertThat(readAllowed("flowsentry-forwarder", "alerts", "soc"))
                .as("what each component needs still works")
                .isPositive();
    }

    @Test
    @Order(3)
    void noSecretAppearsInLogsCommandLinesTheRestApiOrHelp() throws Exception {
        Map<String, String> secretValues = secretValues();
        assertThat(secretValues).hasSizeGreaterThanOrEqualTo(6);
        FlinkJobs flink = new FlinkJobs(stack);
        flink.cancelQuietly(jobId); // its checkpoints stop changing while the files are read

        Map<String, String> places = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(stack.home())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.startsWith(secrets)
                        && !file.startsWith(stack.home().resolve("jars"))
                        && !file.endsWith(Path.of("kafka/server.properties"))) {
                    places.put(stack.home().relativize(file).toString(), readText(file));
                }
            }
        }
        for (ProcessHandle process : stack.processes()) {
            places.put(
                    "command line of pid " + process.pid(),
                    process.info().commandLine().orElse(""));
        }
        for (String path :
                List.of(
                        "jobs/" + jobId,
                        "jobs/" + jobId + "/config",
                        "jobmanager/config",
                        "jars")) {
            places.put("Flink REST " + path, flink.get(path).toString());
        }
        places.putAll(helpOutputs());

        places.forEach(
                (place, text) ->
                        secretValues.forEach(
                                (secret, value) ->
                                        assertThat(text)
                                                .as(secret + " in " + place)
                                                .doesNotContain(value)));
        System.out.printf(
                "RELIABILITY secrets: %d secrets, searched in %d files, command lines, REST answers"
                        + " and --help outputs: none found%n",
                secretValues.size(), places.size());

        assertThat(Files.getPosixFilePermissions(secrets))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> files = Files.list(secrets)) {
            for (Path file : files.toList()) {
                assertThat(Files.getPosixFilePermissions(file))
                        .as(file.toString())
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
        assertThat(Files.getPosixFilePermissions(stack.home().resolve("kafka/server.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    /** Every password of the stack, by file name, and the users' JAAS entries. */
    private static Map<String, String> secretValues() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(secrets)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".password") || name.endsWith(".jaas")) {
                    values.put(name, Files.readString(file).strip());
                }
            }
        }
        return values;
    }

    /**
     * The {@code --help} of the three components, each started as the stack starts it: the decoder
     * and the forwarder with their Kafka settings file, the forwarder with its secrets in the
     * environment too, the job on the cluster's class path.
     */
    private static Map<String, String> helpOutputs() throws Exception {
        Path repository = LocalStack.repository();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String forwarderSecret = Files.readString(secrets.resolve("flowsentry-forwarder.password"));
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(
                "decoder --help",
                run(
                        Map.of(),
                        java,
                        "-jar",
                        repository.resolve("flow-decoder/target/flow-decoder.jar").toString(),
                        "--kafka-config",
                        secrets.resolve("flowsentry-decoder.properties").toString(),
                        "--help"));
        outputs.put(
                "forwarder --help",
                run(
                        Map.of(
                                "FLOWSENTRY_WEBHOOK_TOKEN", forwarderSecret,
                                "FLOWSENTRY_TLS_TRUST_STORE_PASSWORD", forwarderSecret),
                        java,
                        "-jar",
                        repository.resolve("sink-alerts/target/alert-forwarder.jar").toString(),
                        "--kafka-config",
                        secrets.resolve("flowsentry-forwarder.properties").toString(),
                        "--help"));
        outputs.put(
                "job --help",
                run(
                        Map.of(),
                        java,
                        "-cp",
                        repository.resolve("detection-job/target/detection-job.jar")
                                + ":"
                                + stack.setting("FLOWSENTRY_LIB_DIR")
                                + "/flink/*",
                        "dev.flowsentry.detection.DetectionJob",
                        "--kafka.sasl.jaas.config.file",
                        secrets.resolve("flowsentry-job.jaas").toString(),
                        "--help"));
        outputs.forEach(
                (name, output) -> assertThat(output).as(name).containsIgnoringCase("kafka"));
        return outputs;
    }

    private static String run(Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(stack.home(), "help", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String text = Files.readString(output);
        Files.delete(output);
        return text;
    }

    /** The file's bytes as text; empty when it vanished meanwhile (a checkpoint Flink retired). */
    private static String readText(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** A consumer of {@code user} reads {@code topic} in {@code group}: the first poll's error. */
    private static void read(Properties user, String topic, String group) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(user, group)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            consumer.poll(Duration.ofSeconds(10));
        }
    }

    private static void read(String user, String topic, String group) throws IOException {
        read(clientSettings(user), topic, group);
    }

    /** Records {@code user} could read from {@code topic}, partition 0 and 1, from the start. */
    private static int readAllowed(String user, String topic, String group) throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clientSettings(user), group)) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            consumer.seekToBeginning(consumer.assignment());
            return consumer.poll(Duration.ofSeconds(10)).count();
        }
    }

    private static void commitInGroup(String user, String topic, String group) throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clientSettings(user), group)) {
            consumer.subscribe(List.of(topic));
            consumer.poll(Duration.ofSeconds(10));
        }
    }

    private static void write(String user, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(clientSettings(user), null)) {
            producer.send(new ProducerRecord<>(topic, new byte[] {'x'})).get(30, TimeUnit.SECONDS);
        }
    }

    private static void beginTransaction(String user, String transactionalId) throws IOException {
        try (KafkaProducer<byte[], byte[]> producer =
                producer(clientSettings(user), transactionalId)) {
            producer.initTransactions();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties settings, String group) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "acl-check-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return new KafkaConsumer<>(properties);
    }

    private static KafkaProducer<byte[], byte[]> producer(
            Properties settings, String transactionalId) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        if (transactionalId != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(properties);
    }

    /** The client settings file the stack wrote for {@code user} (or {@code admin}). */
    private static Properties clientSettings(String user) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(secrets.resolve(user + ".properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static Properties withPassword(String user, String password) throws IOException {
        Properties properties = clientSettings(user);
        properties.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";");
        return properties;
    }

    private static String adminBootstrapServers() {
        return "127.0.0.1:" + stack.port("FLOWSENTRY_KAFKA_INTERNAL_PORT");
    }

    private static List<String> attackKeys(Path labels) throws IOException {
        List<String> keys = new ArrayList<>();
        for (JsonNode label : JSON.readTree(labels.toFile())) {
            if (!label.path("type").asText().equals("benign")) {
                keys.add(
                        label.path("type").asText()
                                + "/"
                                + label.path("subtype").asText()
                                + " "
                                + label.path("host").asText());
            }
        }
        return keys;
    }

    private static List<String> startedInFile() throws IOException {
        List<String> started = new ArrayList<>();
        if (!Files.exists(delivered)) {
            return started;
        }
        for (String line : Files.readAllLines(delivered)) {
            JsonNode alert = JSON.readTree(line).path("alert");
            if (alert.path("state").asText().equals("start")) {
                started.add(
                        alert.path("type").asText()
                                + "/"
                                + alert.path("subtype").asText()
                                + " "
                                + alert.path("host").asText());
            }
        }
        return started;
    }
}
