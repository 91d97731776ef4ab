package dev.flowsentry.detection.model;

/**
 * The key of every keyed operator: one host address as two longs (see {@link HostAddress}). A Flink
 * POJO, so that it is serialised without Kryo; its hash code depends only on the address, so that
 * key groups are stable across runs.
 */
public final class HostKey {

    public long high;
    public long low;

    public HostKey() {}

    public HostKey(long high, long low) {
        this.high = high;
        this.low = low;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostKey
                && ((HostKey) other).high == high
                && ((HostKey) other).low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(HostAddress.hash(high, low));
    }

    @Override
    public String toString() {
        return HostAddress.text(high, low);
    }

    /** Equality for callers holding the two longs. */
    public boolean is(long otherHigh, long otherLow) {
        return high == otherHigh && low == otherLow;
    }
}
