package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exponential backoff, capped, bounded in attempts, honouring a destination's own request. */
class RetryPolicyTest {

    private final RetryPolicy policy =
            new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(3));

    @Test
    void backoffDoublesUpToTheMaximum() {
        assertThat(policy.backoff(1, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(2, null)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoff(3, null)).isEqualTo(Duration.ofMillis(2000));
        assertThat(policy.backoff(4, null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.backoff(60, null)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterIsHonouredButCapped() {
        assertThat(policy.backoff(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void attemptsAreBounded() {
        assertThat(policy.allowsAnotherAttempt(4)).isTrue();
        assertThat(policy.allowsAnotherAttempt(5)).isFalse();
    }
}
