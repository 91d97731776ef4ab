package dev.flowsentry.alerts.forwarder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Lets a repeated warning through at most once per interval and counts the ones held back, so a
 * failing destination logs a line a minute rather than a line an alert.
 */
final class LogThrottle {

    private final Clock clock;
    private final Duration interval;
    private Instant last;
    private long suppressed;

    LogThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** Whether to log now; if not, the event is counted as suppressed. */
    synchronized boolean allow() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.plus(interval))) {
            last = now;
            return true;
        }
        suppressed++;
        return false;
    }

    /** The events held back since the last one allowed, and resets the count. */
    synchronized long takeSuppressed() {
        long count = suppressed;
        suppressed = 0;
        return count;
    }
}
