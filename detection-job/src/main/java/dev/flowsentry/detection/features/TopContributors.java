package dev.flowsentry.detection.features;

import dev.flowsentry.alerts.Contributor;
import dev.flowsentry.detection.model.HostAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The heaviest contributors of a window (sources, peers or ports) in bounded memory: the
 * space-saving algorithm of Metwally, Agrawal and El Abbadi with {@link #CAPACITY} counters. Any
 * item heavier than 1/{@value #CAPACITY} of the total is kept; a kept count may overestimate by at
 * most the smallest count.
 *
 * <p>Keys are two longs: an address ({@link HostAddress}) or a port in {@code low} with {@code
 * high} set to {@link #PORT}. A Flink POJO.
 */
public class TopContributors {

    /** Counters kept. */
    public static final int CAPACITY = 8;

    /** The {@code high} half of a port key. */
    public static final long PORT = -1L;

    /** Key halves and weights; null until the first item, so that empty windows cost little. */
    public long[] keyHigh;

    public long[] keyLow;
    public long[] weight;
    public int size;

    public TopContributors() {}

    /** Adds {@code amount} to the item {@code (high, low)}. */
    public void add(long high, long low, long amount) {
        int smallest = 0;
        for (int i = 0; i < size; i++) {
            if (keyLow[i] == low && keyHigh[i] == high) {
                weight[i] += amount;
                return;
            }
            if (weight[i] < weight[smallest]) {
                smallest = i;
            }
        }
        if (size < CAPACITY) {
            if (keyHigh == null || size == keyHigh.length) {
                grow();
            }
            keyHigh[size] = high;
            keyLow[size] = low;
            weight[size] = amount;
            size++;
            return;
        }
        keyHigh[smallest] = high;
        keyLow[smallest] = low;
        weight[smallest] += amount;
    }

    /** Room for twice as many counters, up to the capacity: most windows hold one or two. */
    private void grow() {
        int length = keyHigh == null ? 1 : Math.min(CAPACITY, keyHigh.length * 2);
        keyHigh = keyHigh == null ? new long[length] : Arrays.copyOf(keyHigh, length);
        keyLow = keyLow == null ? new long[length] : Arrays.copyOf(keyLow, length);
        weight = weight == null ? new long[length] : Arrays.copyOf(weight, length);
    }

    /** Adds {@code amount} to a port. */
    public void addPort(int port, long amount) {
        add(PORT, port, amount);
    }

    /** Adds every counter of {@code other}. */
    public void merge(TopContributors other) {
        for (int i = 0; i < other.size; i++) {
            add(other.keyHigh[i], other.keyLow[i], other.weight[i]);
        }
    }

    /** Index of the heaviest item, or -1 when empty. */
    public int heaviest() {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (best < 0 || weight[i] > weight[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The heaviest item as text (address or port), or null when empty. */
    public String heaviestKey() {
        int best = heaviest();
        return best < 0 ? null : keyText(best);
    }

    /** The heaviest port, or -1 when empty. */
    public int heaviestPort() {
        int best = heaviest();
        return best < 0 ? -1 : (int) keyLow[best];
    }

    /** The weight of the heaviest item, or 0 when empty. */
    public long heaviestWeight() {
        int best = heaviest();
        return best < 0 ? 0 : weight[best];
    }

    /** Up to {@code limit} contributors, heaviest first, for alert evidence. */
    public List<Contributor> top(int limit) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(weight[b], weight[a]));
        List<Contributor> contributors = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, order.size()); i++) {
            int index = order.get(i);
            contributors.add(new Contributor(keyText(index), weight[index]));
        }
        return contributors;
    }

    private String keyText(int index) {
        return keyHigh[index] == PORT
                ? Long.toString(keyLow[index])
                : HostAddress.text(keyHigh[index], keyLow[index]);
    }
}
