package dev.flowsentry.traffic.export;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Decides when each export message leaves: at its export time mapped onto the wall clock (scaled by
 * the speed), and never faster than the datagram rate cap. The clock and the sleep are injectable
 * so that tests need not wait.
 */
final class Pacer {

    /** Waits for a number of nanoseconds. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLISECOND = 1_000_000L;

    private final double speed;
    private final int maxDatagramsPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    private boolean started;
    private long wallStartNanos;
    private long exportStartMs;
    private long datagramsSent;

    Pacer(double speed, int maxDatagramsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.speed = speed;
        this.maxDatagramsPerSecond = maxDatagramsPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static Pacer realTime(ExporterSettings settings) {
        return new Pacer(
                settings.speed(),
                settings.maxDatagramsPerSecond(),
                System::nanoTime,
                nanos -> LockSupport.parkNanos(nanos));
    }

    /** Waits until the message with this export time may leave. */
    void awaitSendTime(long exportTimeMs) throws InterruptedException {
        if (!started) {
            started = true;
            wallStartNanos = nanoTime.getAsLong();
            exportStartMs = exportTimeMs;
        }
        long dueNanos = wallStartNanos;
        if (speed > 0) {
            dueNanos += (long) ((exportTimeMs - exportStartMs) * NANOS_PER_MILLISECOND / speed);
        }
        if (maxDatagramsPerSecond > 0) {
            dueNanos =
                    Math.max(
                            dueNanos,
                            wallStartNanos
                                    + datagramsSent * NANOS_PER_SECOND / maxDatagramsPerSecond);
        }
        datagramsSent++;
        long waitNanos = dueNanos - nanoTime.getAsLong();
        if (waitNanos > NANOS_PER_MILLISECOND) {
            sleeper.sleepNanos(waitNanos);
        }
    }

    /** Wall time since the first message. */
    Duration elapsed() {
        return started ? Duration.ofNanos(nanoTime.getAsLong() - wallStartNanos) : Duration.ZERO;
    }
}
