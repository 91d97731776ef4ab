package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.encoding.EcsAlertDecoder;
import dev.flowsentry.alerts.encoding.EcsAlertEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines file (rotated, bounded) and stdout destinations. */
class FileAndStdoutDestinationTest {

    @TempDir Path directory;

    @Test
    void fileIsRotatedBySizeAndKeepsABoundedNumberOfFiles() throws Exception {
        Path file = directory.resolve("logs/alerts.jsonl");
        List<Alert> alerts =
                IntStream.range(0, 40)
                        .mapToObj(
                                i ->
                                        SampleAlerts.synFloodStart().toBuilder()
                                                .id("a" + (10 + i))
                                                .build())
                        .toList();
        int lineBytes = new EcsAlertEncoder().encode(alerts.get(0)).length + 1;

        try (WorkerHarness harness =
                new WorkerHarness(
                        directory,
                        Map.of(),
                        "--to",
                        file.toUri().toString(),
                        "--file-max-bytes",
                        Integer.toString(lineBytes * 5),
                        "--file-max-files",
                        "3")) {
            for (Alert alert : alerts) {
                harness.deliver(alert);
            }
        }

        assertThat(Files.list(file.getParent()).map(path -> path.getFileName().toString()))
                .containsExactlyInAnyOrder("alerts.jsonl", "alerts.jsonl.1", "alerts.jsonl.2");
        assertThat(Files.size(file)).isLessThanOrEqualTo(lineBytes * 5L);
        List<String> newest = Files.readAllLines(file);
        assertThat(newest).hasSize(5);
        assertThat(new EcsAlertDecoder().decode(newest.get(4).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(alerts.get(39));
        assertThat(Files.readAllLines(file.resolveSibling("alerts.jsonl.2")).get(0))
                .contains("\"a35-0\"");
    }

    @Test
    void stdoutPrintsTheReadableLineWithoutColourWhenNotATerminal() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        try (WorkerHarness harness =
                new WorkerHarness(directory, Map.of(), out, "--to", "stdout")) {
            harness.deliver(SampleAlerts.synFloodStart());
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .startsWith("2024-05-01T12:00:10Z CRITICAL dos/syn_flood start host=10.0.0.5")
                .doesNotContain("\u001b")
                .endsWith(System.lineSeparator());
    }

    @Test
    void stdoutCanPrintCefInstead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        try (WorkerHarness harness =
                new WorkerHarness(directory, Map.of(), out, "--to", "stdout", "--format", "cef")) {
            harness.deliver(SampleAlerts.synFloodStart());
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("CEF:0|FlowSentry|");
    }
}
