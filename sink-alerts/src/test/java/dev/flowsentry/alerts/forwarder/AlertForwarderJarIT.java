package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.kafka.AlertKafkaRecordSerializationSchema;
import dev.flowsentry.testing.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded alert-forwarder.jar as an operator runs it: its own JVM, no Flink inside. */
class AlertForwarderJarIT {

    private static final Path JAR = Path.of("target", "alert-forwarder.jar");

    @TempDir Path directory;

    @Test
    void jarHoldsNoFlinkAndNoFlinkFacingClass() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ForwarderMain.class.getName());
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .noneMatch(name -> name.startsWith("org/apache/flink/"))
                    .noneMatch(name -> name.startsWith("dev/flowsentry/alerts/kafka/"))
                    .contains("dev/flowsentry/alerts/forwarder/ForwarderMain.class")
                    .contains("flowsentry-forwarder-log4j2.properties");
        }
    }

    @Test
    void helpRunsFromTheJar() throws Exception {
        Process process = java("--help").start();
        try {
            String out = read(process.getInputStream());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(out).contains("--bootstrap-servers", "--to DESTINATION", "[default: 10s]");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void forwardsToStdoutAndCommitsOnSigterm() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("jar-alerts", 1);
            Alert alert = SampleAlerts.synFloodStart();
            produce(kafka, alert);
            ProcessBuilder builder =
                    java(
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            "jar-alerts",
                            "--to",
                            "stdout",
                            "--dead-letter",
                            directory.resolve("dead.jsonl").toString());
            builder.environment().put("NO_COLOR", "1");
            Path errFile = directory.resolve("stderr.txt");
            builder.redirectError(errFile.toFile());
            Process process = builder.start();
            List<String> out = Collections.synchronizedList(new ArrayList<>());
            collect(process.getInputStream(), out);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !out.isEmpty());
                assertThat(out.get(0))
                        .startsWith("2024-05-01T12:00:10Z CRITICAL dos/syn_flood start");

                process.destroy();

                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(Files.readString(errFile))
                        .contains("Forwarder stopped")
                        .contains("Forwarding topic jar-alerts")
                        .doesNotContain("CEF:0", "syn_only_flows_per_second=");
                assertThat(out).hasSize(1);
                assertThat(committedOffset(kafka))
                        .as("past the alert and its commit marker")
                        .isEqualTo(2);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static long committedOffset(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return admin.listConsumerGroupOffsets("flowsentry-forwarder")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition("jar-alerts", 0))
                    .offset();
        }
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static void produce(EmbeddedKafka kafka, Alert alert) {
        Properties properties = kafka.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jar-test");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(
                    new AlertKafkaRecordSerializationSchema("jar-alerts")
                            .serialize(alert, null, null));
            producer.commitTransaction();
        }
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    stream, StandardCharsets.UTF_8))) {
                                for (String line = in.readLine();
                                        line != null;
                                        line = in.readLine()) {
                                    lines.add(line);
                                }
                            } catch (IOException e) {
                                // The process ended.
                            }
                        });
        reader.setDaemon(true);
        reader.start();
    }

    private static String read(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
