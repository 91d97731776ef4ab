package dev.flowsentry.detection.model;

/**
 * The job's compact form of one flow record: only what the detectors read, counters already scaled
 * by the sampling rate, addresses as two longs each. A Flink POJO, so that no Kryo runs on the hot
 * path.
 *
 * <p>A record that could not be parsed travels as a rejected event ({@link #rejected} holds its
 * bytes) only when a dead-letter topic is configured; the pipeline routes it there and nowhere
 * else.
 */
public class FlowEvent {

    public long srcHigh;
    public long srcLow;
    public long dstHigh;
    public long dstLow;
    public int srcPort;
    public int dstPort;
    public int protocol;

    /** Cumulative TCP flags, or -1 when absent. */
    public int tcpFlags = -1;

    /** ICMP type, or -1 when absent or not ICMP. */
    public int icmpType = -1;

    /** Packets scaled by the sampling rate. */
    public long packets;

    /** Bytes scaled by the sampling rate. */
    public long bytes;

    /**
     * One in this many packets was sampled (1: unsampled); {@link #packets} and {@link #bytes} are
     * already scaled by it, so {@code packets / samplingRate} is the packet count as exported.
     */
    public long samplingRate = 1;

    /** Flow end, epoch milliseconds: the event time. */
    public long endMs;

    public boolean srcInternal;
    public boolean dstInternal;

    /** The raw record of a rejected event, or null for a good one. */
    public byte[] rejected;

    /** Why the record was rejected, or null. */
    public String rejectReason;

    public FlowEvent() {}

    /** A rejected record, carried to the dead-letter topic. */
    public static FlowEvent rejected(byte[] payload, String reason, long timestampMs) {
        FlowEvent event = new FlowEvent();
        event.rejected = payload;
        event.rejectReason = reason;
        event.endMs = timestampMs;
        return event;
    }

    public boolean isRejected() {
        return rejected != null;
    }
}
