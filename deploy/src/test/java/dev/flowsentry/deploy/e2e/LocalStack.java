package dev.flowsentry.deploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code deploy/flowsentry} as a user would, in a state directory and on ports of its own,
 * and finds the processes it started by their marker.
 */
final class LocalStack {

    /** What one command did. */
    record Outcome(int exitCode, String output) {

        Outcome assertSucceeded(String command) {
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

    LocalStack(Path repository, Path home, int portBase) {
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
    }

    Path home() {
        return home;
    }

    int port(String setting) {
        return Integer.parseInt(settings.get(setting));
    }

    LocalStack set(String setting, String value) {
        settings.put(setting, value);
        return this;
    }

    /** Runs {@code deploy/flowsentry ARGUMENTS}, at most {@code timeout}. */
    Outcome run(Duration timeout, String... arguments) throws IOException, InterruptedException {
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
    List<ProcessHandle> processes() {
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

    /** The last resort after a failed test: kills whatever the stack left running. */
    void killLeftovers() {
        for (ProcessHandle process : processes()) {
            process.destroyForcibly();
        }
    }
}
