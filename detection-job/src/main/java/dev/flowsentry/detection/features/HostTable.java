package dev.flowsentry.detection.features;

import dev.flowsentry.detection.model.HostAddress;
import java.util.function.Consumer;

/**
 * A hash table from a host address (two longs) to a value, for the partials of one window in a
 * {@link PartialWindows}: open addressing with linear probing, the keys inline in a {@code long[]},
 * no removal (a window's table is dropped whole). Why not a {@code HashMap<HostKey, F>}: a lookup
 * per flow and direction was a tenth of the source task, mostly following the map's nodes and keys
 * through memory. Not thread-safe.
 *
 * @param <V> the values
 */
final class HostTable<V> {

    private static final int INITIAL_CAPACITY = 64;

    /** Key halves of slot {@code i} at {@code 2i} and {@code 2i + 1}. */
    private long[] keys = new long[2 * INITIAL_CAPACITY];

    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    /** The value of host {@code (high, low)}, or null. */
    @SuppressWarnings("unchecked")
    V get(long high, long low) {
        int mask = values.length - 1;
        for (int slot = slotOf(high, low, mask); values[slot] != null; slot = (slot + 1) & mask) {
            if (keys[2 * slot] == high && keys[2 * slot + 1] == low) {
                return (V) values[slot];
            }
        }
        return null;
    }

    /** Adds host {@code (high, low)}, which must not be in the table yet. */
    void putNew(long high, long low, V value) {
        if (2 * (size + 1) > values.length) {
            grow();
        }
        insert(high, low, value);
        size++;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super V> action) {
        for (Object value : values) {
            if (value != null) {
                action.accept((V) value);
            }
        }
    }

    private void insert(long high, long low, Object value) {
        int mask = values.length - 1;
        int slot = slotOf(high, low, mask);
        while (values[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[2 * slot] = high;
        keys[2 * slot + 1] = low;
        values[slot] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        for (int slot = 0; slot < oldValues.length; slot++) {
            if (oldValues[slot] != null) {
                insert(oldKeys[2 * slot], oldKeys[2 * slot + 1], oldValues[slot]);
            }
        }
    }

    private static int slotOf(long high, long low, int mask) {
        return (int) HostAddress.hash(high, low) & mask;
    }
}
