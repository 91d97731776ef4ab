package dev.flowsentry.detection.features;

import dev.flowsentry.detection.model.HostAddress;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Counts distinct items in bounded memory at any cardinality: exactly up to {@link #EXACT_CAPACITY}
 * items (an open-addressing set of their 64-bit hashes), then with an Apache DataSketches HLL
 * sketch ({@code lgK} {@value #LG_K}, about 2.3% relative standard error, 2 KiB).
 *
 * <p>Callers add well-mixed 64-bit hashes ({@link HostAddress#hash(long, long)}, {@link
 * HostAddress#mix(long)}). Serialised by {@link DistinctCounterSerializer}, never by Kryo.
 */
@TypeInfo(DistinctCounterTypeInfoFactory.class)
public final class DistinctCounter {

    /** Items counted exactly before switching to the sketch. */
    public static final int EXACT_CAPACITY = 64;

    /** log2 of the HLL sketch's register count. */
    public static final int LG_K = 11;

    private static final int INITIAL_TABLE = 4;

    /** Hashes of the items while exact, 0 marking a free slot; null while empty or sketched. */
    long[] table;

    int size;

    /** The sketch once the exact capacity is exceeded, else null. */
    HllSketch sketch;

    public DistinctCounter() {}

    /** Adds one item given as a 64-bit hash. */
    public void add(long hash) {
        if (sketch != null) {
            sketch.update(hash);
            return;
        }
        long item = hash == 0 ? 1 : hash;
        if (table == null) {
            table = new long[INITIAL_TABLE];
        }
        int mask = table.length - 1;
        int slot = (int) (item ^ (item >>> 32)) & mask;
        while (table[slot] != 0) {
            if (table[slot] == item) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = item;
        size++;
        if (size > EXACT_CAPACITY) {
            switchToSketch();
        } else if (size * 2 > table.length) {
            grow();
        }
    }

    /** The number of distinct items: exact while small, an HLL estimate beyond. */
    public long estimate() {
        return sketch == null ? size : Math.round(sketch.getEstimate());
    }

    /** Whether the count is exact (no sketch yet). */
    public boolean isExact() {
        return sketch == null;
    }

    /** Adds every item of {@code other} to this counter. */
    public void merge(DistinctCounter other) {
        if (other.sketch == null) {
            if (other.table == null) {
                return;
            }
            for (long item : other.table) {
                if (item != 0) {
                    add(item);
                }
            }
            return;
        }
        if (sketch == null) {
            switchToSketch();
        }
        Union union = new Union(LG_K);
        union.update(sketch);
        union.update(other.sketch);
        sketch = union.getResult(TgtHllType.HLL_8);
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long item : old) {
            if (item != 0) {
                add(item);
            }
        }
    }

    private void switchToSketch() {
        HllSketch created = new HllSketch(LG_K, TgtHllType.HLL_8);
        if (table != null) {
            for (long item : table) {
                if (item != 0) {
                    created.update(item);
                }
            }
        }
        sketch = created;
        table = null;
    }
}
