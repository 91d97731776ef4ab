package dev.flowsentry.decoder.privacy;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefixSet;

/**
 * What leaves the collector: optional fields dropped ({@link FieldDropper}) and addresses outside
 * the internal networks pseudonymised ({@link PrefixPreservingPseudonymizer}). Internal addresses
 * stay clear so that the SOC can act on them.
 *
 * <p>Not thread-safe: one instance per decode thread.
 */
public final class RecordPrivacy {

    private final FieldDropper dropper;
    private final PrefixPreservingPseudonymizer pseudonymizer;
    private final IpPrefixSet internalNetworks;
    private final FlowRecord.Builder builder = FlowRecord.builder();

    /**
     * @param pseudonymizer null to keep addresses clear
     * @param internalNetworks addresses never pseudonymised
     */
    public RecordPrivacy(
            FieldDropper dropper,
            PrefixPreservingPseudonymizer pseudonymizer,
            IpPrefixSet internalNetworks) {
        this.dropper = dropper;
        this.pseudonymizer = pseudonymizer;
        this.internalNetworks = internalNetworks;
    }

    /** Nothing to change: records pass untouched. */
    public boolean isIdentity() {
        return dropper.isEmpty() && pseudonymizer == null;
    }

    /** The record as it may leave the collector. */
    public FlowRecord apply(FlowRecord record) {
        if (isIdentity()) {
            return record;
        }
        builder.reset().from(record);
        if (pseudonymizer != null) {
            builder.exporter(protect(record.exporter()))
                    .srcAddr(protect(record.srcAddr()))
                    .dstAddr(protect(record.dstAddr()))
                    .nextHop(record.nextHop() == null ? null : protect(record.nextHop()));
        }
        dropper.apply(builder);
        return builder.build();
    }

    private IpAddress protect(IpAddress address) {
        return internalNetworks.contains(address) ? address : pseudonymizer.pseudonymize(address);
    }
}
