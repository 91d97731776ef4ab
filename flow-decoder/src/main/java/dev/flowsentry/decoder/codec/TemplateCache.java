package dev.flowsentry.decoder.codec;

import java.util.Iterator;
import java.util.Map;

/**
 * The template cache and the held data sets of every exporter, keyed by exporter address, version,
 * observation domain (source id) and template id, within the bounds of {@link DecoderSettings}.
 * Keeps the gauges in {@link DecoderCounters} in step.
 */
final class TemplateCache {

    private final DecoderSettings settings;
    private final DecoderCounters counters;
    private final long templateLifetimeMs;
    private final long maxHeldAgeMs;

    TemplateCache(DecoderSettings settings, DecoderCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.templateLifetimeMs = settings.templateLifetime().toMillis();
        this.maxHeldAgeMs = settings.maxHeldAge().toMillis();
    }

    /** The template, or null when unknown or expired (RFC 7011 section 8.4). */
    Template lookup(
            ExporterState state, int version, long observationDomain, int templateId, long nowMs) {
        long key = Template.key(version, observationDomain, templateId);
        Template template = state.templates.get(key);
        if (template != null && isExpired(template, nowMs)) {
            state.templates.remove(key);
            counters.templatesExpired().increment();
            counters.activeTemplates().decrement();
            return null;
        }
        return template;
    }

    private boolean isExpired(Template template, long nowMs) {
        return templateLifetimeMs > 0 && nowMs - template.refreshedMs > templateLifetimeMs;
    }

    /**
     * Adds, refreshes or replaces a template.
     *
     * @return false when it is new and the exporter already has its maximum of templates
     */
    boolean learn(ExporterState state, Template template, long nowMs) {
        long key = template.key();
        Template cached = state.templates.get(key);
        if (cached != null && cached.sameDefinition(template)) {
            cached.refreshedMs = Math.max(cached.refreshedMs, nowMs);
            return true;
        }
        if (cached == null && state.templates.size() >= settings.maxTemplatesPerExporter()) {
            expireTemplates(state, nowMs);
            if (state.templates.size() >= settings.maxTemplatesPerExporter()) {
                return false;
            }
        }
        template.refreshedMs = nowMs;
        state.templates.put(key, template);
        counters.templatesLearned().increment();
        if (cached == null) {
            counters.activeTemplates().increment();
        }
        return true;
    }

    /** Puts back a template read from a snapshot, keeping its refresh time. */
    boolean restore(ExporterState state, Template template) {
        Template cached = state.templates.get(template.key());
        if (cached == null && state.templates.size() >= settings.maxTemplatesPerExporter()) {
            return false;
        }
        state.templates.put(template.key(), template);
        if (cached == null) {
            counters.activeTemplates().increment();
        }
        counters.templatesRestored().increment();
        return true;
    }

    void withdraw(ExporterState state, int version, long observationDomain, int templateId) {
        if (state.templates.remove(Template.key(version, observationDomain, templateId)) != null) {
            counters.templatesWithdrawn().increment();
            counters.activeTemplates().decrement();
        }
    }

    /** Withdraws every data (or every options) template of one observation domain. */
    void withdrawAll(ExporterState state, int version, long observationDomain, boolean options) {
        for (Iterator<Template> it = state.templates.values().iterator(); it.hasNext(); ) {
            Template template = it.next();
            if (template.version == version
                    && template.observationDomain == observationDomain
                    && template.options == options) {
                it.remove();
                counters.templatesWithdrawn().increment();
                counters.activeTemplates().decrement();
            }
        }
    }

    /** Holds a data set for its template, dropping the oldest ones to stay within the bounds. */
    void hold(ExporterState state, HeldDataSet set, long nowMs) {
        expireHeld(state, nowMs);
        int size = set.records.length;
        if (maxHeldAgeMs == 0 || size > settings.maxHeldBytesPerExporter()) {
            counters.heldDataDropped().increment();
            return;
        }
        while (state.held.size() >= settings.maxHeldDataSetsPerExporter()
                || state.heldBytes + size > settings.maxHeldBytesPerExporter()) {
            dropOldestHeld(state);
        }
        state.held.addLast(set);
        state.heldBytes += size;
        counters.heldDataSets().increment();
    }

    private void dropOldestHeld(ExporterState state) {
        HeldDataSet oldest = state.held.removeFirst();
        state.heldBytes -= oldest.records.length;
        counters.heldDataSets().decrement();
        counters.heldDataDropped().increment();
    }

    /** Drops held data sets that waited longer than {@link DecoderSettings#maxHeldAge()}. */
    void expireHeld(ExporterState state, long nowMs) {
        while (!state.held.isEmpty() && nowMs - state.held.peekFirst().receivedMs > maxHeldAgeMs) {
            dropOldestHeld(state);
        }
    }

    /** Removes the templates not refreshed within their lifetime. */
    void expireTemplates(ExporterState state, long nowMs) {
        for (Iterator<Template> it = state.templates.values().iterator(); it.hasNext(); ) {
            if (isExpired(it.next(), nowMs)) {
                it.remove();
                counters.templatesExpired().increment();
                counters.activeTemplates().decrement();
            }
        }
    }

    /** Forgets an exporter: its templates and held data leave the gauges. */
    void forget(ExporterState state) {
        counters.activeTemplates().add(-state.templates.size());
        counters.heldDataSets().add(-state.held.size());
        counters.heldDataDropped().add(state.held.size());
        counters.exportersEvicted().increment();
    }

    /** Expires held data and templates of every exporter. */
    void expire(Map<?, ExporterState> exporters, long nowMs) {
        for (ExporterState state : exporters.values()) {
            expireHeld(state, nowMs);
            expireTemplates(state, nowMs);
        }
    }
}
