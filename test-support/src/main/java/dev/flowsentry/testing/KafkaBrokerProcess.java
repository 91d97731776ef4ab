package dev.flowsentry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in its own JVM, started from the Kafka jars on the test classpath
 * ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}), on a fixed port and data
 * directory so that a test can stop, kill and restart it and find its data again.
 *
 * <p>Always close it: {@link #close()} kills the process and deletes nothing the test did not
 * create itself (the working directory is the test's).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> extraSettings;
    private Process process;

    private KafkaBrokerProcess(Path directory, Map<String, String> extraSettings) {
        this.directory = directory;
        this.port = freePort();
        this.controllerPort = freePort();
        this.extraSettings = extraSettings;
    }

    /**
     * Formats storage in {@code directory} and starts the broker; returns once it accepts clients.
     */
    public static KafkaBrokerProcess start(Path directory, Map<String, String> extraSettings)
            throws IOException, InterruptedException {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, extraSettings);
        broker.format();
        broker.launch();
        return broker;
    }

    /**
     * Creates the broker's configuration and storage without starting it: a broker that starts
     * late.
     */
    public static KafkaBrokerProcess prepare(Path directory, Map<String, String> extraSettings)
            throws IOException, InterruptedException {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, extraSettings);
        broker.format();
        return broker;
    }

    /** The settings a combined single-node broker needs, shared with {@link EmbeddedKafka}. */
    static Map<String, String> singleNodeDefaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "4");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "4");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("auto.create.topics.enable", "false");
        return settings;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the (formatted) broker again on the same port and data directory. */
    public void launch() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("broker already running");
        }
        Path log = directory.resolve("broker.log");
        process =
                new ProcessBuilder(javaCommand("kafka.Kafka", config().toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        awaitReady(log);
    }

    /** A clean shutdown (SIGTERM), waiting for the process to end. */
    public void stop() throws InterruptedException {
        end(false);
    }

    /** An abrupt end (SIGKILL), as a crash or an OOM killer would. */
    public void kill() throws InterruptedException {
        end(true);
    }

    public void createTopic(String name, int partitions, Map<String, String> topicConfig)
            throws ExecutionException, InterruptedException {
        EmbeddedKafka.createTopic(bootstrapServers(), name, partitions, topicConfig);
    }

    @Override
    public void close() throws InterruptedException {
        end(true);
    }

    private void end(boolean forcibly) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    private void format() throws IOException, InterruptedException {
        Files.createDirectories(directory.resolve("data"));
        Path config = config();
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            brokerProperties().store(writer, "single-node KRaft broker for tests");
        }
        String clusterId = Uuid.randomUuid().toString();
        Process formatting =
                new ProcessBuilder(
                                javaCommand(
                                        "kafka.tools.StorageTool",
                                        "format",
                                        "--standalone",
                                        "-t",
                                        clusterId,
                                        "-c",
                                        config.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("format.log").toFile())
                        .start();
        if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
            formatting.destroyForcibly();
            throw new IOException(
                    "formatting Kafka storage failed: "
                            + Files.readString(directory.resolve("format.log")));
        }
    }

    private Path config() {
        return directory.resolve("server.properties");
    }

    private Properties brokerProperties() {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        properties.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put(
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", directory.resolve("data").toString());
        properties.putAll(singleNodeDefaults());
        properties.putAll(extraSettings);
        return properties;
    }

    private List<String> javaCommand(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dlog4j2.configurationFile=" + log4jConfig());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }

    private String log4jConfig() {
        Path file = directory.resolve("log4j2.properties");
        if (!Files.exists(file)) {
            String config =
                    "rootLogger.level = INFO\n"
                            + "rootLogger.appenderRef.out.ref = out\n"
                            + "appender.out.type = Console\n"
                            + "appender.out.name = out\n"
                            + "appender.out.layout.type = PatternLayout\n"
                            + "appender.out.layout.pattern = %d %p %c{1} %m%n\n";
            try {
                Files.writeString(file, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file.toString();
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(EmbeddedKafka.STARTUP_TIMEOUT);
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(properties)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker exited: " + Files.readString(log));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    Thread.sleep(Duration.ofMillis(200).toMillis());
                }
            }
        }
        throw new IOException("Kafka broker not ready within " + EmbeddedKafka.STARTUP_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
