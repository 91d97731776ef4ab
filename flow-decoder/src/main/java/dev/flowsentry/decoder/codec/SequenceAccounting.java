package dev.flowsentry.decoder.codec;

/**
 * Sequence number accounting per exporter, version and observation domain (the unit differs: v5
 * counts flows, NetFlow v9 export packets, IPFIX data records). A gap is counted as lost records or
 * packets; a message from the past (reordering, duplicate) is not; a jump beyond {@link
 * DecoderSettings#maxSequenceJump()} is an exporter restart and resynchronises.
 */
final class SequenceAccounting {

    private SequenceAccounting() {}

    /**
     * Checks {@code sequence} against the expected one and counts what is missing.
     *
     * @return whether the expected sequence number should move on from this message (false for a
     *     late message, whose successors were already seen)
     */
    static boolean check(
            DomainState domain, long sequence, DecoderSettings settings, DecoderCounters counters) {
        if (domain == null) {
            return false;
        }
        if (domain.expectedSequence == DomainState.UNKNOWN) {
            return true;
        }
        // Sequence numbers are 32 bits and wrap: compare them as a signed 32-bit distance.
        long distance = (int) (sequence - domain.expectedSequence);
        if (distance == 0) {
            return true;
        }
        if (Math.abs(distance) > settings.maxSequenceJump()) {
            counters.sequenceResets().increment();
            return true;
        }
        if (distance < 0) {
            return false;
        }
        counters.sequenceGaps().increment();
        if (domain.version == 9) {
            counters.lostPackets().add(distance);
        } else {
            counters.lostRecords().add(distance);
        }
        return true;
    }

    /**
     * IPFIX accounting, done once the message's records are counted. RFC 7011 section 3.1: the
     * sequence number counts the data records sent before this message. Some exporters count the
     * current message too, or leave options records out: each convention that matches is accepted
     * and the domain's convention remembered for measuring gaps.
     *
     * @param records data records in this message (options records included)
     * @param optionsRecords options data records among them
     */
    static void checkIpfix(
            DomainState domain,
            long sequence,
            long records,
            long optionsRecords,
            DecoderSettings settings,
            DecoderCounters counters) {
        if (domain == null) {
            return;
        }
        long previous = domain.previousSequence;
        if (previous != DomainState.UNKNOWN) {
            long before = previous + domain.previousRecords;
            long including = previous + records;
            if (matches(sequence, before)
                    || matches(sequence, before - domain.previousOptionsRecords)) {
                domain.sequenceIncludesMessage = false;
            } else if (matches(sequence, including)
                    || matches(sequence, including - optionsRecords)) {
                domain.sequenceIncludesMessage = true;
            } else {
                domain.expectedSequence = domain.sequenceIncludesMessage ? including : before;
                if (!check(domain, sequence, settings, counters)) {
                    return; // a late message: keep the newer reference
                }
            }
        }
        domain.previousSequence = sequence;
        domain.previousRecords = records;
        domain.previousOptionsRecords = optionsRecords;
    }

    private static boolean matches(long sequence, long expected) {
        return (int) (sequence - expected) == 0;
    }
}
