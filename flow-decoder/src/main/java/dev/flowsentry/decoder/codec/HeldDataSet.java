package dev.flowsentry.decoder.codec;

/**
 * A data set that arrived before its template, copied out of its datagram together with the header
 * values needed to decode it later (RFC 7011 section 8 allows a collector to do so).
 */
final class HeldDataSet {

    final int version;
    final long observationDomain;
    final int templateId;
    final long sequence;
    final long exportMs;
    final long sysUptimeMs;
    final long receivedMs;

    /** The set's records, without the set header. */
    final byte[] records;

    HeldDataSet(
            int version,
            long observationDomain,
            int templateId,
            long sequence,
            long exportMs,
            long sysUptimeMs,
            long receivedMs,
            byte[] records) {
        this.version = version;
        this.observationDomain = observationDomain;
        this.templateId = templateId;
        this.sequence = sequence;
        this.exportMs = exportMs;
        this.sysUptimeMs = sysUptimeMs;
        this.receivedMs = receivedMs;
        this.records = records;
    }

    long templateKey() {
        return Template.key(version, observationDomain, templateId);
    }
}
