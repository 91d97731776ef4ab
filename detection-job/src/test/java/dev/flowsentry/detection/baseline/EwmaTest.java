package dev.flowsentry.detection.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowsentry.detection.config.MetricThresholds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EwmaTest {

    private static final double ALPHA = 0.05;

    @Test
    void meanAndDeviationConvergeToThoseOfAStationarySeries() {
        double[] mean = new double[1];
        double[] variance = new double[1];
        SplittableRandom random = new SplittableRandom(1);
        Ewma.start(mean, variance, 0, 100);
        for (int window = 0; window < 5000; window++) {
            double value = 100 + 10 * (random.nextDouble() * 2 - 1) * Math.sqrt(3);
            Ewma.update(mean, variance, 0, value, ALPHA);
        }
        assertThat(mean[0]).isCloseTo(100, within(3.0));
        assertThat(Ewma.deviation(variance, 0)).isCloseTo(10, within(2.5));
    }

    @Test
    void startTakesTheFirstValueWithoutVariance() {
        double[] mean = {7};
        double[] variance = {9};
        Ewma.start(mean, variance, 0, 250);
        assertThat(mean[0]).isEqualTo(250);
        assertThat(variance[0]).isZero();
    }

    @Test
    void oneUpdateMovesTheMeanByAlphaOfTheDifference() {
        double[] mean = {100};
        double[] variance = {0};
        Ewma.update(mean, variance, 0, 200, ALPHA);
        assertThat(mean[0]).isCloseTo(105, within(1e-9));
        assertThat(variance[0]).isCloseTo((1 - ALPHA) * 100 * 5, within(1e-9));
    }

    @Test
    void emptyWindowsDecayLikeZeroValues() {
        double[] decayed = {100, 40};
        double[] decayedVariance = {25, 4};
        double[] stepped = decayed.clone();
        double[] steppedVariance = decayedVariance.clone();

        Ewma.decay(decayed, decayedVariance, ALPHA, 30);
        for (int window = 0; window < 30; window++) {
            Ewma.update(stepped, steppedVariance, 0, 0, ALPHA);
            Ewma.update(stepped, steppedVariance, 1, 0, ALPHA);
        }

        assertThat(decayed).containsExactly(stepped, within(1e-9));
        assertThat(decayedVariance).containsExactly(steppedVariance, within(1e-9));
        assertThat(decayed[0]).isCloseTo(100 * Math.pow(1 - ALPHA, 30), within(1e-9));
    }

    @Test
    void aVeryLongGapForgetsTheBaseline() {
        double[] mean = {1e9};
        double[] variance = {1e6};
        Ewma.decay(mean, variance, ALPHA, Ewma.MAX_DECAY_WINDOWS + 1);
        assertThat(mean[0]).isZero();
        assertThat(variance[0]).isZero();
    }

    @Test
    void thresholdIsTheLargestOfFloorSigmaBoundAndRatioBound() {
        MetricThresholds thresholds = new MetricThresholds(100, 4, 3, 5);

        assertThat(thresholds.threshold(10, 4, true)).isEqualTo(100);
        assertThat(thresholds.threshold(60, 1, true)).isEqualTo(180);
        assertThat(thresholds.threshold(60, 400, true)).isEqualTo(180);
        assertThat(thresholds.threshold(60, 900, true)).isEqualTo(60 + 4 * 30);
        assertThat(thresholds.threshold(100, 2500, true)).isEqualTo(300);
        assertThat(thresholds.threshold(100, 10_000, true)).isEqualTo(500);
    }

    @Test
    void warmingUpHostsFaceTheFloorTimesTheWarmupFactor() {
        MetricThresholds thresholds = new MetricThresholds(100, 4, 3, 5);
        assertThat(thresholds.threshold(0, 0, false)).isEqualTo(500);
        assertThat(thresholds.threshold(0, 0, true)).isEqualTo(100);
    }
}
