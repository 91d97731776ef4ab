package dev.flowsentry.decoder.codec;

/**
 * What the decoder remembers per exporter, version and observation domain: the next expected
 * sequence number, the sampling announced in options data, the samplers by id, and the IPFIX
 * systemInitTimeMilliseconds for sysUptime-relative times.
 */
final class DomainState {

    static final long UNKNOWN = -1;

    final int version;
    final long observationDomain;
    private final int maxSamplers;

    /** Sequence number expected in the next message, or {@link #UNKNOWN}. */
    long expectedSequence = UNKNOWN;

    /** IPFIX: the previous message's sequence number, data records and options records. */
    long previousSequence = UNKNOWN;

    long previousRecords;
    long previousOptionsRecords;

    /**
     * IPFIX: whether this exporter counts the current message's records in its sequence number
     * (softflowd does) instead of only those sent before it (RFC 7011 section 3.1).
     */
    boolean sequenceIncludesMessage;

    /** 1-in-N sampling announced for the whole domain, or 0 when none was. */
    long samplingInterval;

    /** systemInitTimeMilliseconds (IPFIX element 160), or {@link #UNKNOWN}. */
    long systemInitMs = UNKNOWN;

    private long[] samplerIds = new long[4];
    private long[] samplerIntervals = new long[4];
    private int samplers;

    DomainState(int version, long observationDomain, int maxSamplers) {
        this.version = version;
        this.observationDomain = observationDomain;
        this.maxSamplers = maxSamplers;
    }

    static long key(int version, long observationDomain) {
        return ((long) version << 32) | observationDomain;
    }

    /** The interval of sampler {@code samplerId}, or 0 when it was never announced. */
    long samplerInterval(long samplerId) {
        for (int i = 0; i < samplers; i++) {
            if (samplerIds[i] == samplerId) {
                return samplerIntervals[i];
            }
        }
        return 0;
    }

    /** Remembers a sampler's interval; a new sampler beyond the bound is ignored. */
    void putSampler(long samplerId, long interval) {
        for (int i = 0; i < samplers; i++) {
            if (samplerIds[i] == samplerId) {
                samplerIntervals[i] = interval;
                return;
            }
        }
        if (samplers == maxSamplers) {
            return;
        }
        if (samplers == samplerIds.length) {
            samplerIds = java.util.Arrays.copyOf(samplerIds, samplers * 2);
            samplerIntervals = java.util.Arrays.copyOf(samplerIntervals, samplers * 2);
        }
        samplerIds[samplers] = samplerId;
        samplerIntervals[samplers] = interval;
        samplers++;
    }

    int samplerCount() {
        return samplers;
    }

    long samplerIdAt(int index) {
        return samplerIds[index];
    }

    long samplerIntervalAt(int index) {
        return samplerIntervals[index];
    }
}
