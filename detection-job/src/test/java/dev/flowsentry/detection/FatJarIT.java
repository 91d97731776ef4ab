package dev.flowsentry.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The fat jar a Flink cluster runs: the job and its connectors inside, Flink itself outside. */
class FatJarIT {

    /** The Kafka connector and connector-base, which a cluster's classpath lacks. */
    private static boolean isConnectorClass(String name) {
        return name.startsWith("org/apache/flink/connector/kafka/")
                || name.startsWith("org/apache/flink/connector/base/")
                || name.startsWith("org/apache/flink/streaming/connectors/kafka/")
                || name.startsWith("org/apache/flink/streaming/util/serialization/");
    }

    private static final Path JAR = Path.of("target", "detection-job.jar");

    @Test
    void bundlesTheJobTheKafkaConnectorAndConnectorBaseButNotFlink() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();

            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(JobMain.class.getName());
            assertThat(names)
                    .contains(
                            "dev/flowsentry/detection/DetectionJob.class",
                            "dev/flowsentry/alerts/kafka/AlertKafkaRecordSerializationSchema.class",
                            "dev/flowsentry/flow/FlowRecordJson.class",
                            "org/apache/flink/connector/kafka/source/KafkaSource.class",
                            "org/apache/flink/connector/base/DeliveryGuarantee.class",
                            "org/apache/kafka/clients/producer/KafkaProducer.class",
                            "org/apache/datasketches/hll/HllSketch.class");
            List<String> flinkClasses =
                    names.stream()
                            .filter(name -> name.startsWith("org/apache/flink/"))
                            .filter(name -> name.endsWith(".class"))
                            .filter(name -> !isConnectorClass(name))
                            .toList();
            assertThat(flinkClasses).as("Flink classes outside the connectors").isEmpty();
            assertThat(names)
                    .noneMatch(
                            name ->
                                    name.startsWith("org/slf4j/")
                                            || name.startsWith("org/apache/logging/"));
        }
        assertThat(Files.size(JAR)).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void javaJarPrintsTheHelpWithoutFlink() throws Exception {
        Run help = javaJar("--help");

        assertThat(help.exitCode).isZero();
        assertThat(help.stdout)
                .contains(
                        "--bootstrap-servers", "--flows-topic", "--internal-networks", "--window");
    }

    @Test
    void javaJarWithoutFlinkSaysHowToRunTheJob() throws Exception {
        Run run = javaJar("--bootstrap-servers", "localhost:9092");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr).contains("Flink is not on the class path").contains("flink run");
        assertThat(run.stderr).doesNotContain("NoClassDefFoundError");
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run javaJar(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx64m", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();
            var stdout =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> read(process.getInputStream()));
            String stderr = read(process.getErrorStream());
            assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), stdout.get(), stderr);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
