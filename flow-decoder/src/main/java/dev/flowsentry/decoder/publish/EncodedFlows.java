package dev.flowsentry.decoder.publish;

import java.util.Arrays;

/**
 * The encoded records of one export datagram, handed from a decode thread to the publisher in one
 * piece: Kafka key, JSON value and Kafka timestamp per record. Not thread-safe; ownership passes
 * with {@link FlowPublisher#publish(EncodedFlows)}.
 */
public final class EncodedFlows {

    /** Overhead per record counted against the publish buffer besides key and value. */
    static final int RECORD_OVERHEAD_BYTES = 64;

    private byte[][] keys;
    private byte[][] values;
    private long[] timestampsMs;
    private int count;
    private long sizeBytes;

    public EncodedFlows(int expectedRecords) {
        int capacity = Math.max(1, expectedRecords);
        keys = new byte[capacity][];
        values = new byte[capacity][];
        timestampsMs = new long[capacity];
    }

    /** Appends one record. */
    public void add(byte[] key, byte[] value, long timestampMs) {
        if (count == keys.length) {
            int capacity = count * 2;
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
            timestampsMs = Arrays.copyOf(timestampsMs, capacity);
        }
        keys[count] = key;
        values[count] = value;
        timestampsMs[count] = timestampMs;
        count++;
        sizeBytes += key.length + value.length + RECORD_OVERHEAD_BYTES;
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Memory the batch holds, as counted against the publish buffer. */
    public long sizeBytes() {
        return sizeBytes;
    }

    public byte[] key(int index) {
        return keys[index];
    }

    public byte[] value(int index) {
        return values[index];
    }

    public long timestampMs(int index) {
        return timestampsMs[index];
    }
}
