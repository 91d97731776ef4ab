package dev.flowsentry.deploy.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Judges a soak run by growth: the mean of the last third of the samples against the mean of the
 * first third, for the decoder's and the TaskManager's live heap, the job's state size and both
 * consumer lags. A run passes when nothing grew beyond its tolerance, the job ran at every sample,
 * checkpoints kept completing and the decoder dropped nothing.
 *
 * <p>Tolerances: heaps 20% + 16 MiB (a full collection leaves caches and pooled buffers of varying
 * size), state 20% + 4 MiB (windows in flight vary with the traffic), the job's lag the flows of
 * {@link SoakSettings#lagSlack()} at the measured rate (offsets are committed only at checkpoints),
 * the forwarder's lag 100 alerts.
 */
final class SoakVerdict {

    private static final double HEAP_GROWTH = 0.20;
    private static final long HEAP_SLACK_BYTES = 16L << 20;
    private static final double STATE_GROWTH = 0.20;
    private static final long STATE_SLACK_BYTES = 4L << 20;
    private static final long ALERTS_LAG_SLACK = 100;

    private final List<SoakSample> samples;
    private final SoakSettings settings;
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    SoakVerdict(List<SoakSample> samples, SoakSettings settings) {
        if (samples.size() < 6) {
            throw new IllegalArgumentException("a verdict needs at least 6 samples");
        }
        this.samples = samples;
        this.settings = settings;
        judge();
    }

    private void judge() {
        double rate = flowRate();
        lines.add(String.format(Locale.ROOT, "flow rate: %.0f flows/s into Kafka", rate));
        relative(
                "decoder live heap",
                SoakSample::decoderLiveHeapBytes,
                HEAP_GROWTH,
                HEAP_SLACK_BYTES);
        relative(
                "TaskManager live heap",
                SoakSample::taskManagerLiveHeapBytes,
                HEAP_GROWTH,
                HEAP_SLACK_BYTES);
        relative("job state size", SoakSample::stateSizeBytes, STATE_GROWTH, STATE_SLACK_BYTES);
        absolute(
                "job lag on flows (records)",
                SoakSample::flowsLag,
                (long) (rate * settings.lagSlack().toSeconds()));
        absolute("forwarder lag on alerts (records)", SoakSample::alertsLag, ALERTS_LAG_SLACK);
        invariants();
    }

    /** Flows per second into the flows topic over the whole run. */
    double flowRate() {
        SoakSample first = samples.get(0);
        SoakSample last = samples.get(samples.size() - 1);
        long seconds = last.elapsedSeconds() - first.elapsedSeconds();
        return seconds == 0
                ? 0
                : (double) (last.flowsEndOffset() - first.flowsEndOffset()) / seconds;
    }

    private void relative(
            String name, ToLongFunction<SoakSample> value, double growth, long slackBytes) {
        double first = mean(firstThird(), value);
        double last = mean(lastThird(), value);
        double allowed = first * (1 + growth) + slackBytes;
        compare(
                name,
                String.format(
                        Locale.ROOT,
                        "%.1f MiB -> %.1f MiB (%+.1f%%, allowed up to %.1f MiB)",
                        first / 1048576,
                        last / 1048576,
                        first > 0 ? 100 * (last - first) / first : 0,
                        allowed / 1048576),
                first,
                last,
                allowed);
    }

    private void absolute(String name, ToLongFunction<SoakSample> value, long slack) {
        double first = mean(firstThird(), value);
        double last = mean(lastThird(), value);
        double allowed = first + slack;
        compare(
                name,
                String.format(
                        Locale.ROOT, "%.0f -> %.0f (allowed up to %.0f)", first, last, allowed),
                first,
                last,
                allowed);
    }

    private void compare(String name, String figures, double first, double last, double allowed) {
        boolean unread = Double.isNaN(first) || Double.isNaN(last);
        boolean grew = !unread && last > allowed;
        lines.add(
                String.format(
                        "%s, mean of the first third -> last third: %s: %s",
                        name,
                        unread ? "not read" : figures,
                        unread ? "FAIL (no value)" : grew ? "FAIL (grew)" : "ok"));
        if (unread || grew) {
            failures.add(name);
        }
    }

    private void invariants() {
        if (samples.stream().anyMatch(sample -> !sample.jobRunning())) {
            failures.add("job not running at every sample");
        }
        SoakSample first = samples.get(0);
        SoakSample last = samples.get(samples.size() - 1);
        if (last.checkpointId() <= first.checkpointId()) {
            failures.add("no checkpoint completed during the run");
        }
        long droppedDatagrams = last.decoderDroppedDatagrams() - first.decoderDroppedDatagrams();
        long droppedRecords = last.decoderDroppedRecords() - first.decoderDroppedRecords();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "decoder drops during the run: %d datagrams, %d records; checkpoints %d"
                                + " -> %d",
                        droppedDatagrams,
                        droppedRecords,
                        first.checkpointId(),
                        last.checkpointId()));
        if (droppedDatagrams != 0 || droppedRecords != 0) {
            failures.add("decoder dropped data");
        }
    }

    private List<SoakSample> firstThird() {
        return samples.subList(0, samples.size() / 3);
    }

    private List<SoakSample> lastThird() {
        return samples.subList(samples.size() - samples.size() / 3, samples.size());
    }

    /** The mean of the values that could be read; NaN when none could. */
    private static double mean(List<SoakSample> samples, ToLongFunction<SoakSample> value) {
        return samples.stream()
                .mapToLong(value)
                .filter(number -> number >= 0)
                .average()
                .orElse(Double.NaN);
    }

    boolean passed() {
        return failures.isEmpty();
    }

    /** The figures, one line each, then the PASS or FAIL line. */
    List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        all.add(
                passed()
                        ? "SOAK PASS: no growth in heap, state or lag over "
                                + samples.size()
                                + " samples"
                        : "SOAK FAIL: " + String.join("; ", failures));
        return all;
    }
}
