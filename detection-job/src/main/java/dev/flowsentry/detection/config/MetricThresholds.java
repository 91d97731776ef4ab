package dev.flowsentry.detection.config;

import java.io.Serializable;

/**
 * When one metric fires for one host: its value is above the absolute {@code floor} (times {@code
 * warmupFactor} while the host's baseline is still warming up) AND above the host's own baseline
 * bound, the larger of {@code mean + sigma * standard deviation} and {@code mean * ratio}.
 *
 * @param floor absolute floor, in the metric's unit; at least 0
 * @param sigma standard deviations above the baseline mean; at least 0
 * @param ratio multiple of the baseline mean; at least 1
 * @param warmupFactor floor multiplier for a host whose baseline is still warming up; at least 1.
 *     Above 1, a warming-up host also learns its firing windows (a busy host settles); at 1 there
 *     is no warm-up leniency and firing windows are never learnt (a new scanner keeps alerting)
 */
public record MetricThresholds(double floor, double sigma, double ratio, double warmupFactor)
        implements Serializable {

    /**
     * The threshold of a value for a host whose baseline has {@code mean} and {@code variance}.
     *
     * @param warm whether the host's warm-up is over
     */
    public double threshold(double mean, double variance, boolean warm) {
        double baselineBound =
                Math.max(mean + sigma * Math.sqrt(Math.max(0, variance)), mean * ratio);
        return Math.max(warm ? floor : floor * warmupFactor, baselineBound);
    }

    public MetricThresholds withFloor(double value) {
        return new MetricThresholds(value, sigma, ratio, warmupFactor);
    }

    public MetricThresholds withSigma(double value) {
        return new MetricThresholds(floor, value, ratio, warmupFactor);
    }

    public MetricThresholds withRatio(double value) {
        return new MetricThresholds(floor, sigma, value, warmupFactor);
    }

    public MetricThresholds withWarmupFactor(double value) {
        return new MetricThresholds(floor, sigma, ratio, value);
    }
}
