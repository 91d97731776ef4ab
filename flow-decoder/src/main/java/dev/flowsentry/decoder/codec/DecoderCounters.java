package dev.flowsentry.decoder.codec;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the decoders count, read by the collector's metrics (as callbacks) and by tests. One
 * instance may be shared by several {@link NetFlowDecoder}s; every counter is thread-safe.
 */
public final class DecoderCounters {

    /** Flow records handed out, by version: index 0 v5, 1 v9, 2 IPFIX. */
    private final LongAdder[] recordsOut = {new LongAdder(), new LongAdder(), new LongAdder()};

    private final LongAdder[] decodeErrors =
            new LongAdder[NetFlowDecodeException.Reason.values().length];

    private final LongAdder templateMisses = new LongAdder();
    private final LongAdder templatesLearned = new LongAdder();
    private final LongAdder templatesWithdrawn = new LongAdder();
    private final LongAdder templatesExpired = new LongAdder();
    private final LongAdder activeTemplates = new LongAdder();
    private final LongAdder heldDataSets = new LongAdder();
    private final LongAdder heldDataDecoded = new LongAdder();
    private final LongAdder heldDataDropped = new LongAdder();
    private final LongAdder optionsRecords = new LongAdder();
    private final LongAdder sequenceGaps = new LongAdder();
    private final LongAdder lostRecords = new LongAdder();
    private final LongAdder lostPackets = new LongAdder();
    private final LongAdder sequenceResets = new LongAdder();
    private final LongAdder recordsWithoutAddresses = new LongAdder();
    private final LongAdder exportersEvicted = new LongAdder();
    private final LongAdder templatesRestored = new LongAdder();

    public DecoderCounters() {
        for (int i = 0; i < decodeErrors.length; i++) {
            decodeErrors[i] = new LongAdder();
        }
    }

    private static int versionIndex(int version) {
        return switch (version) {
            case 5 -> 0;
            case 9 -> 1;
            case 10 -> 2;
            default -> throw new IllegalArgumentException("unknown export version " + version);
        };
    }

    /** Counts one flow record handed out for {@code version} (5, 9 or 10). */
    public void recordOut(int version) {
        recordsOut[versionIndex(version)].increment();
    }

    /** Counts {@code count} flow records handed out for {@code version} (5, 9 or 10). */
    public void recordsOut(int version, long count) {
        recordsOut[versionIndex(version)].add(count);
    }

    /** Flow records handed out for {@code version} (5, 9 or 10). */
    public long recordsOut(int version) {
        return recordsOut[versionIndex(version)].sum();
    }

    /**
     * Counts a rejected datagram. {@link NetFlowDecoder#decode} does it before it throws: callers
     * do not count again.
     */
    public void decodeError(NetFlowDecodeException.Reason reason) {
        decodeErrors[reason.ordinal()].increment();
    }

    /** Datagrams rejected for {@code reason}. */
    public long decodeErrors(NetFlowDecodeException.Reason reason) {
        return decodeErrors[reason.ordinal()].sum();
    }

    /** Datagrams rejected for any reason. */
    public long decodeErrors() {
        long total = 0;
        for (LongAdder counter : decodeErrors) {
            total += counter.sum();
        }
        return total;
    }

    /** Data sets that arrived while their template was not (yet) known; they are held. */
    public LongAdder templateMisses() {
        return templateMisses;
    }

    /** Templates added or redefined (a refresh with the same fields does not count). */
    public LongAdder templatesLearned() {
        return templatesLearned;
    }

    /** Templates removed by an IPFIX template withdrawal (RFC 7011 section 8.1). */
    public LongAdder templatesWithdrawn() {
        return templatesWithdrawn;
    }

    /** Templates not refreshed within {@link DecoderSettings#templateLifetime()}. */
    public LongAdder templatesExpired() {
        return templatesExpired;
    }

    /** Gauge: templates currently cached, over every exporter. */
    public LongAdder activeTemplates() {
        return activeTemplates;
    }

    /** Gauge: data sets currently held waiting for their template. */
    public LongAdder heldDataSets() {
        return heldDataSets;
    }

    /** Held data sets decoded once their template arrived. */
    public LongAdder heldDataDecoded() {
        return heldDataDecoded;
    }

    /** Held data sets dropped: too old, or over the per-exporter bound. */
    public LongAdder heldDataDropped() {
        return heldDataDropped;
    }

    /** Options data records read (sampling, interface names and such). */
    public LongAdder optionsRecords() {
        return optionsRecords;
    }

    /** Sequence number gaps seen, over every exporter and domain. */
    public LongAdder sequenceGaps() {
        return sequenceGaps;
    }

    /** Flow records lost according to v5 (flows) and IPFIX (data records) sequence numbers. */
    public LongAdder lostRecords() {
        return lostRecords;
    }

    /** Export packets lost according to NetFlow v9 sequence numbers. */
    public LongAdder lostPackets() {
        return lostPackets;
    }

    /**
     * Sequence numbers that jumped further than {@link DecoderSettings#maxSequenceJump()}: an
     * exporter restart or heavy reordering, resynchronised without counting losses.
     */
    public LongAdder sequenceResets() {
        return sequenceResets;
    }

    /**
     * Data records skipped because they carry no source or destination address (for example
     * NetScaler HTTP records or firewall event records): no flow to publish.
     */
    public LongAdder recordsWithoutAddresses() {
        return recordsWithoutAddresses;
    }

    /**
     * Exporters whose state was forgotten to stay within {@link DecoderSettings#maxExporters()}.
     */
    public LongAdder exportersEvicted() {
        return exportersEvicted;
    }

    /** Templates read back from a snapshot by {@link NetFlowDecoder#restoreTemplates(byte[])}. */
    public LongAdder templatesRestored() {
        return templatesRestored;
    }
}
