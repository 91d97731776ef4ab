package dev.flowsentry.detection.features;

import dev.flowsentry.detection.model.FlowEvent;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The partial features of one direction that a {@link PartialFeaturesOperator} holds: per window
 * start, one accumulator per host, each stamped with its host and window. Not thread-safe.
 *
 * @param <F> the features type
 */
final class PartialWindows<F extends HostWindow> {

    private final AggregateFunction<FlowEvent, F, F> aggregate;
    private final long windowMs;
    private final TreeMap<Long, HostTable<F>> windows = new TreeMap<>();
    private long lastStartMs = Long.MIN_VALUE;
    private HostTable<F> lastHosts;
    private int size;

    PartialWindows(AggregateFunction<FlowEvent, F, F> aggregate, long windowMs) {
        this.aggregate = aggregate;
        this.windowMs = windowMs;
    }

    /**
     * Adds {@code flow} to the partial of host {@code (high, low)} in the window at {@code
     * startMs}.
     */
    void add(FlowEvent flow, long high, long low, long startMs) {
        HostTable<F> hosts = hostsOf(startMs);
        F partial = hosts.get(high, low);
        if (partial == null) {
            partial = created(high, low, startMs);
            hosts.putNew(high, low, partial);
            size++;
        }
        aggregate.add(flow, partial);
    }

    /** A partial of {@code flow} alone, held nowhere. */
    F single(FlowEvent flow, long high, long low, long startMs) {
        return aggregate.add(flow, created(high, low, startMs));
    }

    /** Hands over and forgets the partials of every window that ends at or before {@code endMs}. */
    void emitWindowsEndingBy(long endMs, Consumer<F> out) {
        Iterator<Map.Entry<Long, HostTable<F>>> open = windows.entrySet().iterator();
        while (open.hasNext()) {
            Map.Entry<Long, HostTable<F>> window = open.next();
            if (window.getKey() + windowMs > endMs) {
                return;
            }
            emit(window.getValue(), out);
            open.remove();
        }
    }

    /** Hands over and forgets every partial. */
    void emitAll(Consumer<F> out) {
        for (HostTable<F> hosts : windows.values()) {
            emit(hosts, out);
        }
        windows.clear();
    }

    /** The partials held. */
    int size() {
        return size;
    }

    private void emit(HostTable<F> hosts, Consumer<F> out) {
        hosts.forEach(out);
        size -= hosts.size();
        if (hosts == lastHosts) {
            lastHosts = null;
            lastStartMs = Long.MIN_VALUE;
        }
    }

    private HostTable<F> hostsOf(long startMs) {
        if (startMs != lastStartMs || lastHosts == null) {
            lastHosts = windows.computeIfAbsent(startMs, start -> new HostTable<>());
            lastStartMs = startMs;
        }
        return lastHosts;
    }

    private F created(long high, long low, long startMs) {
        F partial = aggregate.createAccumulator();
        partial.stamp(high, low, startMs, startMs + windowMs);
        return partial;
    }
}
