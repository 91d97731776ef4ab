package dev.flowsentry.decoder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimestampPolicyTest {

    private static final long NOW_MS = 1_750_000_000_000L;
    private final TimestampPolicy policy =
            new TimestampPolicy(Duration.ofMinutes(5), Duration.ofDays(1));

    @Test
    void aFlowWithinTheBoundsKeepsItsEndTime() {
        long flowEndMs = NOW_MS - 30_000;

        assertThat(policy.timestampMs(flowEndMs, NOW_MS)).isEqualTo(flowEndMs);
        assertThat(policy.clamp(flowEndMs, NOW_MS)).isEqualTo(TimestampPolicy.Clamp.NONE);
    }

    @Test
    void aFlowFromTwoHoursAheadIsStampedFiveMinutesAhead() {
        long flowEndMs = NOW_MS + Duration.ofHours(2).toMillis();

        assertThat(policy.timestampMs(flowEndMs, NOW_MS)).isEqualTo(NOW_MS + 300_000);
        assertThat(policy.clamp(flowEndMs, NOW_MS)).isEqualTo(TimestampPolicy.Clamp.FUTURE);
    }

    @Test
    void aFlowFrom400DaysAgoIsStampedOneDayAgo() {
        long flowEndMs = NOW_MS - Duration.ofDays(400).toMillis();

        assertThat(policy.timestampMs(flowEndMs, NOW_MS))
                .isEqualTo(NOW_MS - Duration.ofDays(1).toMillis());
        assertThat(policy.clamp(flowEndMs, NOW_MS)).isEqualTo(TimestampPolicy.Clamp.PAST);
    }

    @Test
    void theBoundsThemselvesAreNotClamped() {
        assertThat(policy.clamp(NOW_MS + 300_000, NOW_MS)).isEqualTo(TimestampPolicy.Clamp.NONE);
        assertThat(policy.clamp(NOW_MS - Duration.ofDays(1).toMillis(), NOW_MS))
                .isEqualTo(TimestampPolicy.Clamp.NONE);
    }
}
