package dev.flowsentry.alerts.forwarder;

import java.time.Duration;

/**
 * Exponential backoff with a bounded number of attempts: the wait after the n-th failed attempt is
 * {@code initial * 2^(n-1)}, capped at {@code max}. No jitter: each destination has one worker, so
 * there is no herd of clients to spread.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Whether another attempt follows the {@code failedAttempts}-th failure. */
    boolean allowsAnotherAttempt(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }

    /**
     * The wait after {@code failedAttempts} failures, or the destination's own request (capped at
     * the maximum) if it made one.
     */
    Duration backoff(int failedAttempts, Duration requested) {
        if (requested != null && !requested.isNegative()) {
            return requested.compareTo(maxBackoff) > 0 ? maxBackoff : requested;
        }
        int doublings = Math.min(failedAttempts - 1, 30);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
