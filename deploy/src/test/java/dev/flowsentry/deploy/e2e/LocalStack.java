package dev.flowsentry.deploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code deploy/flowsentry} as a user would, in a state directory and on ports of its own,
 * and finds the processes it started by their marker. Shared by the end-to-end test and the
 * reliability tests ({@code dev.flowsentry.deploy.reliability}).
 */
public final class LocalStack {

    /**
     * What one command did.
     *
     * @param exitCode the command's exit status
     * @param output its standard output and standard error, interleaved
     */
    public record Outcome(int exitCode, String output) {

        /** This outcome, or an {@link AssertionError} with the output when the command failed. */
        public Outcome assertSucceeded(String command) {
            if (exitCode != 0) {
                throw new AssertionError(
                        "flowsentry " + command + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private final Path repository;
    private final Path home;
    private final Map<String, String> settings = new LinkedHashMap<>();

    /**
     * A stack in state directory {@code home} whose ports are {@code portBase} plus the usual last
     * digits (Kafka +92, controller +93, Flink REST +81, RPC +123, NetFlow +55/udp, metrics +191
     * and +192); 0 keeps the defaults.
     */
    public LocalStack(Path repository, Path home, int portBase) {
        this.repository = repository;
        this.home = home;
        settings.put("FLOWSENTRY_HOME", home.toString());
        settings.put("FLOWSENTRY_KAFKA_PORT", String.valueOf(portBase + 92));
        settings.put("FLOWSENTRY_KAFKA_CONTROLLER_PORT", String.valueOf(portBase + 93));
        settings.put("FLOWSENTRY_FLINK_REST_PORT", String.valueOf(portBase + 81));
        settings.put("FLOWSENTRY_FLINK_RPC_PORT", String.valueOf(portBase + 123));
        settings.put("FLOWSENTRY_NETFLOW_PORT", String.valueOf(portBase + 55));
        settings.put("FLOWSENTRY_DECODER_METRICS_PORT", String.valueOf(portBase + 191));
        settings.put("FLOWSENTRY_FORWARDER_METRICS_PORT", String.valueOf(portBase + 192));
        settings.put("FLOWSENTRY_PARTITIONS", "2");
        // The runtimes' jars, fetched once for every stack of the build.
        settings.put(
                "FLOWSENTRY_LIB_DIR",
                System.getProperty(
                        "flowsentry.lib.dir", home.resolveSibling("flowsentry-lib").toString()));
    }

    /** The repository root: {@code -Dflowsentry.repository}, else the parent directory. */
    public static Path repository() {
        return Path.of(System.getProperty("flowsentry.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * The port base a test uses: the environment variable, else the system property, else the
     * default.
     */
    public static int portBase(String environmentVariable, String property, int defaultBase) {
        String value = System.getenv(environmentVariable);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property, Integer.toString(defaultBase));
        }
        return Integer.parseInt(value.strip());
    }

    /** Deletes a directory tree, if it exists. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Whether Debian's softflowd is installed. */
    public static boolean softflowdInstalled() {
        return Files.isExecutable(Path.of("/usr/sbin/softflowd"))
                || Files.isExecutable(Path.of("/usr/bin/softflowd"));
    }

    public Path home() {
        return home;
    }

    /** The value of a setting, for example {@code FLOWSENTRY_KAFKA_PORT}. */
    public String setting(String name) {
        return settings.get(name);
    }

    public int port(String setting) {
        return Integer.parseInt(settings.get(setting));
    }

    /** The broker's {@code host:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port("FLOWSENTRY_KAFKA_PORT");
    }

    /** The Flink REST API's base address, with a trailing slash. */
    public String flinkRest() {
        return "http://127.0.0.1:" + port("FLOWSENTRY_FLINK_REST_PORT") + "/";
    }

    /** Sets a setting (an environment variable of every later command). */
    public LocalStack set(String setting, String value) {
        settings.put(setting, value);
        return this;
    }

    /** Runs {@code deploy/flowsentry ARGUMENTS}, at most {@code timeout}. */
    public Outcome run(Duration timeout, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repository.resolve("deploy/flowsentry").toString());
        command.addAll(List.of(arguments));
        Files.createDirectories(home);
        Path output = Files.createTempFile(home, "command", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment().putAll(settings);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(
                    "flowsentry "
                            + String.join(" ", arguments)
                            + " did not finish within "
                            + timeout
                            + ":\n"
                            + Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return new Outcome(process.exitValue(), text);
    }

    /** Every live process that carries this state directory's marker. */
    public List<ProcessHandle> processes() {
        String marker = "-Dflowsentry.home=" + home + " ";
        return ProcessHandle.allProcesses()
                .filter(
                        process ->
                                process.info()
                                        .commandLine()
                                        .map(line -> (line + " ").contains(marker))
                                        .orElse(false))
                .toList();
    }

    /**
     * Starts from nothing: kills what an earlier run left running with this state directory (an
     * interrupted build), then deletes the directory.
     */
    public LocalStack fresh() throws IOException {
        killLeftovers();
        deleteRecursively(home);
        return this;
    }

    /**
     * Takes the stack down ({@code flowsentry down}) and then kills whatever still runs with its
     * state directory, also when {@code down} failed or timed out: the end of every test class that
     * starts a stack.
     */
    public void stop() throws IOException, InterruptedException {
        try {
            run(Duration.ofMinutes(3), "down");
        } finally {
            killLeftovers();
        }
    }

    /** The last resort after a failed test: kills whatever the stack left running. */
    public void killLeftovers() {
        List<ProcessHandle> leftovers = processes();
        leftovers.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : leftovers) {
            process.onExit().completeOnTimeout(process, 30, TimeUnit.SECONDS).join();
        }
    }
}
