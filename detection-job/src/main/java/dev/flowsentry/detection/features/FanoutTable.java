package dev.flowsentry.detection.features;

import java.util.Arrays;

/**
 * For one source host: how many distinct targets each of a few keys reached, split into failed and
 * answered attempts. Keyed by port, it counts the hosts reached on each port (horizontal scans);
 * keyed by host, the ports reached on each host (vertical scans).
 *
 * <p>At most {@link #CAPACITY} keys are followed; a new key replaces the one with the fewest
 * targets, so that a key that keeps gaining targets (a scanned port or host) stays while one-off
 * keys come and go. A Flink POJO.
 */
public class FanoutTable {

    /** Keys followed at once. */
    public static final int CAPACITY = 8;

    /** Keys and counters, grown on demand up to the capacity; a counter is null until used. */
    public long[] keyHigh;

    public long[] keyLow;
    public DistinctCounter[] failed;
    public DistinctCounter[] answered;
    public int size;

    public FanoutTable() {}

    /** Records an attempt from the source to {@code target} under the key {@code (high, low)}. */
    public void add(long high, long low, long targetHash, boolean wasFailed) {
        int slot = slotOf(high, low);
        DistinctCounter[] counters = wasFailed ? failed : answered;
        if (counters[slot] == null) {
            counters[slot] = new DistinctCounter();
        }
        counters[slot].add(targetHash);
    }

    /** The weighted fan-out of entry {@code index}: failed targets plus weighted answered ones. */
    public double score(int index, double answeredWeight) {
        return estimate(failed[index]) + answeredWeight * estimate(answered[index]);
    }

    /** The entry with the highest score, or -1 when empty. */
    public int widest(double answeredWeight) {
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < size; i++) {
            double score = score(i, answeredWeight);
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** Merges {@code other}'s entries into this table. */
    public void merge(FanoutTable other) {
        for (int i = 0; i < other.size; i++) {
            int slot = slotOf(other.keyHigh[i], other.keyLow[i]);
            failed[slot] = merged(failed[slot], other.failed[i]);
            answered[slot] = merged(answered[slot], other.answered[i]);
        }
    }

    private int slotOf(long high, long low) {
        for (int i = 0; i < size; i++) {
            if (keyLow[i] == low && keyHigh[i] == high) {
                return i;
            }
        }
        int slot = size < CAPACITY ? size++ : narrowest();
        if (keyHigh == null || slot >= keyHigh.length) {
            grow();
        }
        keyHigh[slot] = high;
        keyLow[slot] = low;
        failed[slot] = null;
        answered[slot] = null;
        return slot;
    }

    /** Distinct targets of one entry's counter, 0 when it was never used. */
    public static long estimate(DistinctCounter counter) {
        return counter == null ? 0 : counter.estimate();
    }

    private static DistinctCounter merged(DistinctCounter into, DistinctCounter from) {
        if (from == null) {
            return into;
        }
        DistinctCounter target = into == null ? new DistinctCounter() : into;
        target.merge(from);
        return target;
    }

    private void grow() {
        int length = keyHigh == null ? 1 : Math.min(CAPACITY, keyHigh.length * 2);
        keyHigh = keyHigh == null ? new long[length] : Arrays.copyOf(keyHigh, length);
        keyLow = keyLow == null ? new long[length] : Arrays.copyOf(keyLow, length);
        failed = failed == null ? new DistinctCounter[length] : Arrays.copyOf(failed, length);
        answered = answered == null ? new DistinctCounter[length] : Arrays.copyOf(answered, length);
    }

    private int narrowest() {
        int narrowest = 0;
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            long targets = estimate(failed[i]) + estimate(answered[i]);
            if (targets < fewest) {
                narrowest = i;
                fewest = targets;
            }
        }
        return narrowest;
    }
}
