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

    public void recordOut(int version) {
        recordsOut[versionIndex(version)].increment();
    }

    public void recordsOut(int version, long count) {
        recordsOut[versionIndex(version)].add(count);
    }

    /** Flow records handed out for {@code version} (5, 9 or 10). */
    public long recordsOut(int version) {
        return recordsOut[versionIndex(version)].sum();
    }

    public void decodeError(NetFlowDecodeException.Reason reason) {
        decodeErrors[reason.ordinal()].increment();
    }

    public long decodeErrors(NetFlowDecodeException.Reason reason) {
        return decodeErrors[reason.ordinal()].sum();
    }

    public long decodeErrors() {
        long total = 0;
        for (LongAdder counter : decodeErrors) {
            total += counter.sum();
        }
        return total;
    }

    /** A data set arrived whose template is not (yet) known. */
    public LongAdder templateMisses() {
        return templateMisses;
    }

    public LongAdder templatesLearned() {
        return templatesLearned;
    }

    public LongAdder templatesWithdrawn() {
        return templatesWithdrawn;
    }

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

    /** Flow records lost according to v5 and IPFIX sequence numbers. */
    public LongAdder lostRecords() {
        return lostRecords;
    }

    /** Export packets lost according to NetFlow v9 sequence numbers. */
    public LongAdder lostPackets() {
        return lostPackets;
    }
}
