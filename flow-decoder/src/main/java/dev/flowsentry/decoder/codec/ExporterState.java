package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.IpAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything the decoder keeps about one exporter address: its templates, the data sets held for a
 * missing template, and per observation domain the sequence and sampling state. Every collection
 * here is bounded by {@link DecoderSettings}.
 */
final class ExporterState {

    final IpAddress exporter;

    /** Sampling rate forced by {@link DecoderSettings#samplingOverrides()}, or 0. */
    final long samplingOverride;

    final Map<Long, Template> templates = new HashMap<>();
    final ArrayDeque<HeldDataSet> held = new ArrayDeque<>();
    final Map<Long, DomainState> domains = new HashMap<>();
    long heldBytes;

    ExporterState(IpAddress exporter, long samplingOverride) {
        this.exporter = exporter;
        this.samplingOverride = samplingOverride;
    }

    /** The domain's state, created on first use; null once the per-exporter bound is reached. */
    DomainState domain(int version, long observationDomain, DecoderSettings settings) {
        long key = DomainState.key(version, observationDomain);
        DomainState state = domains.get(key);
        if (state == null && domains.size() < settings.maxDomainsPerExporter()) {
            state = new DomainState(version, observationDomain, settings.maxSamplersPerDomain());
            domains.put(key, state);
        }
        return state;
    }

    /** Removes and returns the held data sets waiting for {@code templateKey}, oldest first. */
    List<HeldDataSet> takeHeld(long templateKey) {
        List<HeldDataSet> ready = new ArrayList<>();
        for (Iterator<HeldDataSet> it = held.iterator(); it.hasNext(); ) {
            HeldDataSet set = it.next();
            if (set.templateKey() == templateKey) {
                it.remove();
                heldBytes -= set.records.length;
                ready.add(set);
            }
        }
        return ready;
    }
}
