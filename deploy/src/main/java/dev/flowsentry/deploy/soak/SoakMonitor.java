package dev.flowsentry.deploy.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak run's monitor: samples a running local stack (started by {@code deploy/flowsentry})
 * every interval for the run's duration, prints each sample as a table row as it goes, then the
 * growth of each figure between the first and the last third of the run and a {@code SOAK PASS} or
 * {@code SOAK FAIL} line; exit status 0 when it passed, 1 when it failed, 2 for bad options. {@code
 * deploy/soak/soak.sh} starts the stack, the traffic and this monitor.
 *
 * <pre>
 * java -cp deploy/target/flowsentry-deploy.jar:LIB/kafka/* dev.flowsentry.deploy.soak.SoakMonitor \
 *     --home .flowsentry --flink-rest http://127.0.0.1:8081 --job-id ID \
 *     --bootstrap-servers 127.0.0.1:9092 --decoder-metrics http://127.0.0.1:9191/metrics
 * </pre>
 *
 * <p>Each sample forces a full collection in the decoder and the TaskManager ({@code jcmd PID
 * GC.class_histogram}) and takes the histogram's total, so that the heap figures are live data, not
 * garbage waiting for the collector.
 */
public final class SoakMonitor {

    /** Classes of the TaskManager's heap listed in the report, for the first and last sample. */
    private static final int LARGEST_CLASSES = 15;

    private final SoakSettings settings;
    private final PrintWriter report;

    private SoakMonitor(SoakSettings settings, PrintWriter report) {
        this.settings = settings;
        this.report = report;
    }

    public static void main(String[] arguments) throws Exception {
        SoakSettings settings;
        try {
            settings = SoakSettings.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("soak monitor: " + e.getMessage());
            System.err.print(SoakSettings.USAGE);
            System.exit(2);
            return;
        }
        boolean passed;
        try (PrintWriter report = openReport(settings)) {
            passed = new SoakMonitor(settings, report).run();
        }
        System.exit(passed ? 0 : 1);
    }

    private static PrintWriter openReport(SoakSettings settings) throws IOException {
        if (settings.report() == null) {
            return new PrintWriter(PrintWriter.nullWriter());
        }
        return new PrintWriter(
                Files.newBufferedWriter(
                        settings.report(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING));
    }

    private boolean run() throws InterruptedException {
        List<SoakSample> samples = new ArrayList<>();
        List<String> firstClasses = List.of();
        List<String> lastClasses;
        print(SoakSample.HEADER);
        try (StackProbe probe = new StackProbe(settings)) {
            Instant start = Instant.now();
            Instant end = start.plus(settings.duration());
            for (Instant next = start; !next.isAfter(end); next = next.plus(settings.interval())) {
                sleepUntil(next);
                long elapsedSeconds = Duration.between(start, Instant.now()).toSeconds();
                SoakSample sample = probe.sample(elapsedSeconds);
                print(sample.row(samples.isEmpty() ? null : samples.get(samples.size() - 1)));
                samples.add(sample);
                if (samples.size() == 1) {
                    firstClasses = probe.largestClasses("taskmanager", LARGEST_CLASSES);
                }
            }
            lastClasses = probe.largestClasses("taskmanager", LARGEST_CLASSES);
        }
        SoakVerdict verdict = new SoakVerdict(samples, settings);
        print("");
        verdict.lines().forEach(this::print);
        printClasses("first", firstClasses);
        printClasses("last", lastClasses);
        return verdict.passed();
    }

    private void printClasses(String which, List<String> classes) {
        report.println();
        report.println("TaskManager's largest classes by live bytes at the " + which + " sample:");
        report.println("```");
        classes.forEach(report::println);
        report.println("```");
        report.flush();
    }

    private static void sleepUntil(Instant next) throws InterruptedException {
        long waitMs = Duration.between(Instant.now(), next).toMillis();
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
    }

    private void print(String line) {
        System.out.println(line);
        report.println(line);
        report.flush();
    }
}
