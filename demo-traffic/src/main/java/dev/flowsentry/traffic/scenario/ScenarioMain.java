package dev.flowsentry.traffic.scenario;

import dev.flowsentry.flow.FlowRecordJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a labelled scenario to files: the flows as JSON lines (the flows-topic contract, one
 * record a line, in event-time order) and the labels as a JSON array. Prints the detection job
 * parameters that fit the scenario's scale.
 *
 * <pre>
 * java -cp demo-traffic.jar:flow-record.jar:jackson-core.jar \
 *     dev.flowsentry.traffic.scenario.ScenarioMain \
 *     --flows flows.jsonl --labels labels.json [--scale 1] [--seed 42] \
 *     [--start 2026-01-05T09:00:00Z] [--warmup 5m] [--exporters 4]
 * </pre>
 */
public final class ScenarioMain {

    private ScenarioMain() {}

    public static void main(String[] arguments) throws IOException {
        try {
            run(arguments, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("scenario: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
    }

    /** Runs the command with {@code arguments}, reporting to {@code report}. */
    public static void run(String[] arguments, PrintStream report) throws IOException {
        LabelledScenario.Builder builder = LabelledScenario.builder();
        Path flows = null;
        Path labels = null;
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            if (name.equals("--help")) {
                report.println(usage());
                return;
            }
            if (i + 1 >= arguments.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = arguments[++i];
            switch (name) {
                case "--flows" -> flows = Path.of(value);
                case "--labels" -> labels = Path.of(value);
                case "--scale" -> builder.scale(number(name, value));
                case "--seed" -> builder.seed((long) number(name, value));
                case "--start" -> builder.start(Instant.parse(value));
                case "--warmup" -> builder.warmup(Duration.parse("PT" + value.toUpperCase()));
                case "--exporters" -> builder.exporters((int) number(name, value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (flows == null || labels == null) {
            throw new IllegalArgumentException("--flows and --labels are required");
        }
        LabelledScenario scenario = builder.build();
        long count = writeFlows(scenario, flows);
        Files.writeString(labels, labelsJson(scenario.labels()), StandardCharsets.UTF_8);
        report.printf(
                "wrote %d flows (%s to %s) to %s and %d labels to %s%n",
                count, scenario.start(), scenario.end(), flows, scenario.labels().size(), labels);
        report.println(
                "detection job parameters: " + String.join(" ", scenario.detectionArguments()));
    }

    /** Writes the flows as JSON lines; returns how many. */
    public static long writeFlows(LabelledScenario scenario, Path file) throws IOException {
        FlowRecordJson json = new FlowRecordJson();
        long[] count = {0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            scenario.forEachFlow(
                    record -> {
                        try {
                            out.write(json.toBytes(record));
                            out.write('\n');
                            count[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return count[0];
    }

    /** The labels as a JSON array, one label a line. */
    public static String labelsJson(List<ScenarioLabel> labels) {
        return labels.stream()
                .map(ScenarioLabel::toJson)
                .collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, found '" + value + "'");
        }
    }

    private static String usage() {
        return "usage: ScenarioMain --flows FILE.jsonl --labels FILE.json [--scale 1] [--seed 42]"
                + " [--start 2026-01-05T09:00:00Z] [--warmup 5m] [--exporters 4]";
    }
}
