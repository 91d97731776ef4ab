package dev.flowsentry.decoder.codec;

import dev.flowsentry.decoder.codec.NetFlowDecodeException.Reason;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Decodes NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) export datagrams into {@link
 * FlowRecord}s. Pure: bytes in, records out; it knows nothing of sockets or Kafka.
 *
 * <p>An instance keeps per-exporter state (templates, sampling, sequence numbers, data held for a
 * template) and is not thread-safe: a collector gives each exporter to exactly one instance, for
 * example by hashing the exporter address over several decoders, and calls every method of an
 * instance from the thread that runs its {@link #decode}.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * NetFlowDecoder decoder = new NetFlowDecoder(DecoderSettings.defaults(), counters);
 * decoder.restoreTemplates(snapshot);                 // at start, if a snapshot exists
 * try {
 *     decoder.decode(exporter, buffer, 0, length, System.currentTimeMillis(), publisher);
 * } catch (NetFlowDecodeException e) {
 *     // already counted in counters.decodeErrors(e.reason()); log it rate-limited
 * }
 * decoder.expire(System.currentTimeMillis());         // on a timer, say every second
 * byte[] snapshot = decoder.snapshotTemplates();      // periodically and at shutdown
 * }</pre>
 */
public final class NetFlowDecoder {

    private final DecoderSettings settings;
    private final DecoderCounters counters;
    private final TemplateCache cache;
    private final NetFlowV5Reader netFlowV5;
    private final TemplateMessageReader templateMessages;
    private final Map<IpAddress, ExporterState> exporters;

    public NetFlowDecoder(DecoderSettings settings, DecoderCounters counters) {
        this(settings, counters, null);
    }

    /**
     * A decoder that also reports every decoded field of every record to {@code listener}: for
     * conformance tests and troubleshooting, as it slows decoding.
     *
     * @param listener receives each data and options record with all its fields; null for none
     */
    public NetFlowDecoder(
            DecoderSettings settings, DecoderCounters counters, DecodedRecordListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.cache = new TemplateCache(settings, counters);
        RecordDecoder records = new RecordDecoder(settings, counters, listener);
        this.netFlowV5 = new NetFlowV5Reader(settings, counters, records);
        this.templateMessages = new TemplateMessageReader(settings, counters, records, cache);
        this.exporters = new LinkedHashMap<>(64, 0.75f, true);
    }

    /**
     * Decodes one export datagram from {@code exporter} and hands every flow record to {@code out},
     * in order. Records of data sets held for a missing template are handed out later, when a
     * datagram brings the template. A data set whose template is unknown is not an error: it is
     * counted in {@link DecoderCounters#templateMisses()} and held.
     *
     * <p>Every fault is counted in {@link DecoderCounters#decodeErrors(Reason)} before it is
     * thrown: the caller only logs it.
     *
     * @param receivedMs when the datagram arrived (epoch ms): {@code received_ms}, and the clock
     *     for template lifetimes and held-data age
     * @throws NetFlowDecodeException when the datagram is malformed; records decoded before the
     *     fault have already been handed to {@code out}
     */
    public void decode(
            IpAddress exporter,
            byte[] datagram,
            int offset,
            int length,
            long receivedMs,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        try {
            decodeVersion(exporter, datagram, offset, length, receivedMs, out);
        } catch (NetFlowDecodeException e) {
            counters.decodeError(e.reason());
            throw e;
        } catch (RuntimeException e) {
            // A decoder bug must not stop the collector: report it as this datagram's fault.
            counters.decodeError(Reason.DECODER_FAULT);
            throw new NetFlowDecodeException(
                    Reason.DECODER_FAULT, "decoder fault: " + e, exporter, 0, 0, -1, 0, e);
        }
    }

    private void decodeVersion(
            IpAddress exporter,
            byte[] datagram,
            int offset,
            int length,
            long receivedMs,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        if (length < 2) {
            throw headerFault(
                    Reason.TRUNCATED_HEADER,
                    "datagram of " + length + " bytes has no version",
                    exporter,
                    0);
        }
        int version = TemplateMessageReader.readU16(datagram, offset);
        switch (version) {
            case 5 ->
                    netFlowV5.decode(
                            exporterState(exporter), datagram, offset, length, receivedMs, out);
            case 9, 10 ->
                    templateMessages.decode(
                            exporterState(exporter),
                            version,
                            datagram,
                            offset,
                            length,
                            receivedMs,
                            out);
            default ->
                    throw headerFault(
                            Reason.UNSUPPORTED_VERSION,
                            "export version " + version + " is not NetFlow v5, v9 or IPFIX",
                            exporter,
                            version);
        }
    }

    private static NetFlowDecodeException headerFault(
            Reason reason, String message, IpAddress exporter, int version) {
        return new NetFlowDecodeException(reason, message, exporter, version, 0, -1, 0);
    }

    private ExporterState exporterState(IpAddress exporter) {
        ExporterState state = exporters.get(exporter);
        if (state == null) {
            if (exporters.size() >= settings.maxExporters()) {
                Map.Entry<IpAddress, ExporterState> eldest = exporters.entrySet().iterator().next();
                cache.forget(eldest.getValue());
                exporters.remove(eldest.getKey());
            }
            state = new ExporterState(exporter, samplingOverride(exporter));
            exporters.put(exporter, state);
        }
        return state;
    }

    private long samplingOverride(IpAddress exporter) {
        IpPrefix best = null;
        for (IpPrefix prefix : settings.samplingOverrides().keySet()) {
            if (prefix.contains(exporter) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? 0 : settings.samplingOverrides().get(best);
    }

    /**
     * Drops held data sets older than {@link DecoderSettings#maxHeldAge()} and templates not
     * refreshed within {@link DecoderSettings#templateLifetime()}, for every exporter, including
     * those that send nothing any more. Call it on a timer (every second or so) from the decoding
     * thread.
     */
    public void expire(long nowMs) {
        cache.expire(exporters, nowMs);
    }

    /**
     * The templates and per-domain options state (sampling, samplers, system init time) of every
     * exporter, as bytes for {@link #restoreTemplates(byte[])} after a restart. Write them with
     * {@link TemplateStore}.
     */
    public byte[] snapshotTemplates() {
        return TemplateSnapshot.write(exporters.values());
    }

    /**
     * Restores templates and options state from {@link #snapshotTemplates()}; templates keep their
     * refresh time, so ones older than the template lifetime expire on first use.
     *
     * @return the number of templates restored
     * @throws IllegalArgumentException when the snapshot is damaged; what was read before the
     *     damage stays restored
     */
    public int restoreTemplates(byte[] snapshot) {
        return restoreTemplates(snapshot, exporter -> true);
    }

    /**
     * Restores only the exporters this decoder owns, for a collector that spreads exporters over
     * several decoders.
     */
    public int restoreTemplates(byte[] snapshot, Predicate<IpAddress> owns) {
        return TemplateSnapshot.read(snapshot, owns, this::exporterState, cache, settings);
    }

    /** Templates cached for {@code exporter} (data and options, every domain). */
    public int templateCount(IpAddress exporter) {
        ExporterState state = exporters.get(exporter);
        return state == null ? 0 : state.templates.size();
    }

    /** Data sets held for {@code exporter} while their template is missing. */
    public int heldDataSetCount(IpAddress exporter) {
        ExporterState state = exporters.get(exporter);
        return state == null ? 0 : state.held.size();
    }

    /** Bytes of data sets held for {@code exporter}. */
    public long heldBytes(IpAddress exporter) {
        ExporterState state = exporters.get(exporter);
        return state == null ? 0 : state.heldBytes;
    }

    /** Exporters whose state is kept. */
    public int exporterCount() {
        return exporters.size();
    }

    public DecoderSettings settings() {
        return settings;
    }

    public DecoderCounters counters() {
        return counters;
    }
}
