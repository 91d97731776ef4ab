package dev.flowsentry.detection.baseline;

import java.util.Arrays;

/**
 * Exponentially weighted moving mean and variance (West 1979; Finch 2009, "Incremental calculation
 * of weighted mean and variance", section 9), one pair per metric in parallel arrays so that a
 * host's baselines are two small arrays in keyed state.
 *
 * <p>With weight {@code alpha} for the newest value: {@code diff = x - mean; mean += alpha * diff;
 * variance = (1 - alpha) * (variance + alpha * diff^2)}. A window without traffic is a value of
 * zero ({@link #decay(double[], double[], double, long)}).
 */
public final class Ewma {

    /** Beyond this many empty windows, a baseline is treated as fully decayed. */
    public static final int MAX_DECAY_WINDOWS = 1000;

    private Ewma() {}

    /** Learns value {@code x} for metric {@code index}. */
    public static void update(double[] mean, double[] variance, int index, double x, double alpha) {
        double diff = x - mean[index];
        double increment = alpha * diff;
        mean[index] += increment;
        variance[index] = (1 - alpha) * (variance[index] + diff * increment);
    }

    /** Starts the baseline of metric {@code index} at {@code x}, with no variance yet. */
    public static void start(double[] mean, double[] variance, int index, double x) {
        mean[index] = x;
        variance[index] = 0;
    }

    /** Learns {@code windows} windows without traffic for every metric at once. */
    public static void decay(double[] mean, double[] variance, double alpha, long windows) {
        if (windows > MAX_DECAY_WINDOWS) {
            Arrays.fill(mean, 0);
            Arrays.fill(variance, 0);
            return;
        }
        for (long window = 0; window < windows; window++) {
            for (int index = 0; index < mean.length; index++) {
                update(mean, variance, index, 0, alpha);
            }
        }
    }

    /** The standard deviation of metric {@code index}. */
    public static double deviation(double[] variance, int index) {
        return Math.sqrt(Math.max(0, variance[index]));
    }
}
