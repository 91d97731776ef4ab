package dev.flowsentry.decoder.publish;

import java.time.Duration;

/**
 * The Kafka timestamp of a flow record: its end time, clamped into {@code [now - maxPast, now +
 * maxFuture]}. The JSON keeps {@code flow_end_ms} as exported.
 *
 * <p>Why: a broker refuses a record stamped more than {@code message.timestamp.after.max.ms} ahead
 * of its clock (one hour by default), and that refusal fails the whole batch, flows of correctly
 * clocked exporters included; and it deletes a segment once its newest timestamp is older than the
 * retention, so flows stamped months back would vanish at once. Clamping keeps every record within
 * what the topic accepts and retains, at the cost of a Kafka timestamp that differs from {@code
 * flow_end_ms} for mis-clocked exporters (counted per exporter).
 *
 * @param maxFuture how far ahead of now a timestamp may be; keep it well below the topic's {@code
 *     message.timestamp.after.max.ms}
 * @param maxPast how far behind now a timestamp may be; keep it well below the topic's {@code
 *     retention.ms} (and {@code message.timestamp.before.max.ms} if set)
 */
public record TimestampPolicy(Duration maxFuture, Duration maxPast) {

    /** What {@link #clamp} did. */
    public enum Clamp {
        NONE,
        FUTURE,
        PAST
    }

    /** The Kafka timestamp for a flow that ended at {@code flowEndMs}, seen at {@code nowMs}. */
    public long timestampMs(long flowEndMs, long nowMs) {
        long latest = nowMs + maxFuture.toMillis();
        long earliest = nowMs - maxPast.toMillis();
        return Math.max(earliest, Math.min(latest, flowEndMs));
    }

    /** Which bound, if any, {@link #timestampMs} applies to {@code flowEndMs}. */
    public Clamp clamp(long flowEndMs, long nowMs) {
        if (flowEndMs > nowMs + maxFuture.toMillis()) {
            return Clamp.FUTURE;
        }
        if (flowEndMs < nowMs - maxPast.toMillis()) {
            return Clamp.PAST;
        }
        return Clamp.NONE;
    }
}
