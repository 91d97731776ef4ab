package dev.flowsentry.decoder.privacy;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import java.util.Set;

/**
 * Leaves optional fields out of every record ({@code --drop-fields}), for example MAC addresses or
 * next hops that a site does not want to leave the collector. Required fields of the contract
 * cannot be dropped.
 */
public final class FieldDropper {

    /** The JSON names of the fields that may be dropped: the contract's optional ones. */
    public static final Set<String> DROPPABLE_FIELDS =
            Set.of(
                    FlowRecordJson.ICMP_TYPE,
                    FlowRecordJson.ICMP_CODE,
                    FlowRecordJson.TCP_FLAGS,
                    FlowRecordJson.TOS,
                    FlowRecordJson.INPUT_IF,
                    FlowRecordJson.OUTPUT_IF,
                    FlowRecordJson.SRC_AS,
                    FlowRecordJson.DST_AS,
                    FlowRecordJson.NEXT_HOP,
                    FlowRecordJson.DIRECTION,
                    FlowRecordJson.SRC_MASK,
                    FlowRecordJson.DST_MASK,
                    FlowRecordJson.VLAN,
                    FlowRecordJson.MPLS_LABEL,
                    FlowRecordJson.SRC_MAC,
                    FlowRecordJson.DST_MAC);

    private final Set<String> fields;

    /**
     * @param fields JSON names from {@link #DROPPABLE_FIELDS}
     * @throws IllegalArgumentException naming a field that cannot be dropped
     */
    public FieldDropper(Set<String> fields) {
        for (String field : fields) {
            if (!DROPPABLE_FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "cannot drop required or unknown field " + field);
            }
        }
        this.fields = Set.copyOf(fields);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Clears the dropped fields in {@code builder}, which holds a record. */
    public void apply(FlowRecord.Builder builder) {
        for (String field : fields) {
            clear(builder, field);
        }
    }

    private static void clear(FlowRecord.Builder builder, String field) {
        int absent = FlowRecord.ABSENT;
        switch (field) {
            case FlowRecordJson.ICMP_TYPE -> builder.icmpType(absent);
            case FlowRecordJson.ICMP_CODE -> builder.icmpCode(absent);
            case FlowRecordJson.TCP_FLAGS -> builder.tcpFlags(absent);
            case FlowRecordJson.TOS -> builder.tos(absent);
            case FlowRecordJson.INPUT_IF -> builder.inputIf(absent);
            case FlowRecordJson.OUTPUT_IF -> builder.outputIf(absent);
            case FlowRecordJson.SRC_AS -> builder.srcAs(absent);
            case FlowRecordJson.DST_AS -> builder.dstAs(absent);
            case FlowRecordJson.NEXT_HOP -> builder.nextHop(null);
            case FlowRecordJson.DIRECTION -> builder.direction(absent);
            case FlowRecordJson.SRC_MASK -> builder.srcMask(absent);
            case FlowRecordJson.DST_MASK -> builder.dstMask(absent);
            case FlowRecordJson.VLAN -> builder.vlan(absent);
            case FlowRecordJson.MPLS_LABEL -> builder.mplsLabel(absent);
            case FlowRecordJson.SRC_MAC -> builder.srcMac(absent);
            case FlowRecordJson.DST_MAC -> builder.dstMac(absent);
            default -> throw new IllegalStateException("not droppable: " + field);
        }
    }
}
