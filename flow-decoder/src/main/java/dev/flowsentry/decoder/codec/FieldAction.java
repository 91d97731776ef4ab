package dev.flowsentry.decoder.codec;

/**
 * What the decoder does with one template field: the compiled form of an information element (IANA
 * IPFIX registry numbers, which NetFlow v9 shares below 128) and its length. Plain int constants so
 * that a record is decoded by a switch over a byte array, without objects.
 */
final class FieldAction {

    static final byte IGNORE = 0;
    static final byte BYTES = 1;
    static final byte PACKETS = 2;
    static final byte PROTOCOL = 3;
    static final byte TOS = 4;
    static final byte TCP_FLAGS = 5;
    static final byte SRC_PORT = 6;
    static final byte DST_PORT = 7;
    static final byte SRC_IPV4 = 8;
    static final byte DST_IPV4 = 9;
    static final byte SRC_IPV6 = 10;
    static final byte DST_IPV6 = 11;
    static final byte SRC_MASK = 12;
    static final byte DST_MASK = 13;
    static final byte INPUT_IF = 14;
    static final byte OUTPUT_IF = 15;
    static final byte NEXT_HOP_IPV4 = 16;
    static final byte NEXT_HOP_IPV6 = 17;
    static final byte SRC_AS = 18;
    static final byte DST_AS = 19;
    static final byte END_UPTIME = 20;
    static final byte START_UPTIME = 21;
    static final byte ICMP_TYPE_CODE = 22;
    static final byte ICMP_TYPE = 23;
    static final byte ICMP_CODE = 24;
    static final byte SAMPLING_INTERVAL = 25;
    static final byte SAMPLER_ID = 26;
    static final byte SRC_MAC = 27;
    static final byte DST_MAC = 28;
    static final byte VLAN = 29;
    static final byte DIRECTION = 30;
    static final byte MPLS_LABEL = 31;
    static final byte START_SECONDS = 32;
    static final byte END_SECONDS = 33;
    static final byte START_MILLISECONDS = 34;
    static final byte END_MILLISECONDS = 35;
    static final byte START_NTP = 36;
    static final byte END_NTP = 37;
    static final byte START_DELTA_MICROSECONDS = 38;
    static final byte END_DELTA_MICROSECONDS = 39;
    static final byte SYSTEM_INIT_MILLISECONDS = 40;
    static final byte REVERSE_BYTES = 41;
    static final byte REVERSE_PACKETS = 42;
    static final byte REVERSE_TCP_FLAGS = 43;
    static final byte SAMPLING_PACKET_INTERVAL = 44;
    static final byte SAMPLING_PACKET_SPACE = 45;
    static final byte SAMPLING_SIZE = 46;
    static final byte SAMPLING_POPULATION = 47;
    static final byte REVERSE_ICMP_TYPE_CODE = 48;

    /** IANA Private Enterprise Number of RFC 5103 reverse information elements. */
    static final long REVERSE_PEN = 29305;

    private FieldAction() {}

    /**
     * The action for a field of a data or options template, before duplicates and alternatives are
     * resolved. Scope fields of NetFlow v9 options templates use their own type space (system,
     * interface...) and are never mapped.
     */
    static byte of(long enterpriseNumber, int elementId, int length) {
        if (enterpriseNumber == REVERSE_PEN) {
            return reverseOf(elementId);
        }
        if (enterpriseNumber != 0) {
            return IGNORE;
        }
        byte action = counterOrKey(elementId);
        if (action == IGNORE) {
            action = timeOrSampling(elementId);
        }
        if (action == IGNORE) {
            action = layerTwoOrRouting(elementId);
        }
        return fitsLength(action, length) ? action : IGNORE;
    }

    private static byte reverseOf(int elementId) {
        return switch (elementId) {
            case 1 -> REVERSE_BYTES;
            case 2 -> REVERSE_PACKETS;
            case 6 -> REVERSE_TCP_FLAGS;
            case InformationElement.ICMP_TYPE_CODE_IPV4, InformationElement.ICMP_TYPE_CODE_IPV6 ->
                    REVERSE_ICMP_TYPE_CODE;
            default -> IGNORE;
        };
    }

    private static byte counterOrKey(int elementId) {
        return switch (elementId) {
            case InformationElement.OCTET_DELTA_COUNT,
                    InformationElement.POST_OCTET_DELTA_COUNT,
                    InformationElement.OCTET_TOTAL_COUNT,
                    InformationElement.INITIATOR_OCTETS ->
                    BYTES;
            case InformationElement.PACKET_DELTA_COUNT,
                    InformationElement.POST_PACKET_DELTA_COUNT,
                    InformationElement.PACKET_TOTAL_COUNT,
                    InformationElement.INITIATOR_PACKETS ->
                    PACKETS;
            case InformationElement.PROTOCOL_IDENTIFIER -> PROTOCOL;
            case InformationElement.IP_CLASS_OF_SERVICE -> TOS;
            case InformationElement.TCP_CONTROL_BITS -> TCP_FLAGS;
            case InformationElement.SOURCE_TRANSPORT_PORT -> SRC_PORT;
            case InformationElement.DESTINATION_TRANSPORT_PORT -> DST_PORT;
            case InformationElement.SOURCE_IPV4_ADDRESS -> SRC_IPV4;
            case InformationElement.DESTINATION_IPV4_ADDRESS -> DST_IPV4;
            case InformationElement.SOURCE_IPV6_ADDRESS -> SRC_IPV6;
            case InformationElement.DESTINATION_IPV6_ADDRESS -> DST_IPV6;
            case InformationElement.ICMP_TYPE_CODE_IPV4, InformationElement.ICMP_TYPE_CODE_IPV6 ->
                    ICMP_TYPE_CODE;
            case InformationElement.ICMP_TYPE_IPV4, InformationElement.ICMP_TYPE_IPV6 -> ICMP_TYPE;
            case InformationElement.ICMP_CODE_IPV4, InformationElement.ICMP_CODE_IPV6 -> ICMP_CODE;
            default -> IGNORE;
        };
    }

    private static byte timeOrSampling(int elementId) {
        return switch (elementId) {
            case InformationElement.FLOW_END_SYS_UP_TIME -> END_UPTIME;
            case InformationElement.FLOW_START_SYS_UP_TIME -> START_UPTIME;
            case InformationElement.FLOW_START_SECONDS -> START_SECONDS;
            case InformationElement.FLOW_END_SECONDS -> END_SECONDS;
            case InformationElement.FLOW_START_MILLISECONDS -> START_MILLISECONDS;
            case InformationElement.FLOW_END_MILLISECONDS -> END_MILLISECONDS;
            case InformationElement.FLOW_START_MICROSECONDS,
                    InformationElement.FLOW_START_NANOSECONDS ->
                    START_NTP;
            case InformationElement.FLOW_END_MICROSECONDS,
                    InformationElement.FLOW_END_NANOSECONDS ->
                    END_NTP;
            case InformationElement.FLOW_START_DELTA_MICROSECONDS -> START_DELTA_MICROSECONDS;
            case InformationElement.FLOW_END_DELTA_MICROSECONDS -> END_DELTA_MICROSECONDS;
            case InformationElement.SYSTEM_INIT_TIME_MILLISECONDS -> SYSTEM_INIT_MILLISECONDS;
            case InformationElement.SAMPLING_INTERVAL, InformationElement.SAMPLER_RANDOM_INTERVAL ->
                    SAMPLING_INTERVAL;
            case InformationElement.SAMPLER_ID, InformationElement.SELECTOR_ID -> SAMPLER_ID;
            case InformationElement.SAMPLING_PACKET_INTERVAL -> SAMPLING_PACKET_INTERVAL;
            case InformationElement.SAMPLING_PACKET_SPACE -> SAMPLING_PACKET_SPACE;
            case InformationElement.SAMPLING_SIZE -> SAMPLING_SIZE;
            case InformationElement.SAMPLING_POPULATION -> SAMPLING_POPULATION;
            default -> IGNORE;
        };
    }

    private static byte layerTwoOrRouting(int elementId) {
        return switch (elementId) {
            case InformationElement.SOURCE_IPV4_PREFIX_LENGTH,
                    InformationElement.SOURCE_IPV6_PREFIX_LENGTH ->
                    SRC_MASK;
            case InformationElement.DESTINATION_IPV4_PREFIX_LENGTH,
                    InformationElement.DESTINATION_IPV6_PREFIX_LENGTH ->
                    DST_MASK;
            case InformationElement.INGRESS_INTERFACE -> INPUT_IF;
            case InformationElement.EGRESS_INTERFACE -> OUTPUT_IF;
            case InformationElement.IP_NEXT_HOP_IPV4_ADDRESS,
                    InformationElement.BGP_NEXT_HOP_IPV4_ADDRESS ->
                    NEXT_HOP_IPV4;
            case InformationElement.IP_NEXT_HOP_IPV6_ADDRESS,
                    InformationElement.BGP_NEXT_HOP_IPV6_ADDRESS ->
                    NEXT_HOP_IPV6;
            case InformationElement.BGP_SOURCE_AS_NUMBER -> SRC_AS;
            case InformationElement.BGP_DESTINATION_AS_NUMBER -> DST_AS;
            case InformationElement.SOURCE_MAC_ADDRESS,
                    InformationElement.POST_SOURCE_MAC_ADDRESS ->
                    SRC_MAC;
            case InformationElement.DESTINATION_MAC_ADDRESS,
                    InformationElement.POST_DESTINATION_MAC_ADDRESS ->
                    DST_MAC;
            case InformationElement.VLAN_ID, InformationElement.DOT1Q_VLAN_ID -> VLAN;
            case InformationElement.FLOW_DIRECTION -> DIRECTION;
            case InformationElement.MPLS_TOP_LABEL_STACK_SECTION -> MPLS_LABEL;
            default -> IGNORE;
        };
    }

    /** Addresses need their exact size, numbers 1 to 8 bytes (reduced-size encoding). */
    private static boolean fitsLength(byte action, int length) {
        return switch (action) {
            case IGNORE -> true;
            case SRC_IPV4, DST_IPV4, NEXT_HOP_IPV4 -> length == 4;
            case SRC_IPV6, DST_IPV6, NEXT_HOP_IPV6 -> length == 16;
            case SRC_MAC, DST_MAC -> length == 6;
            case MPLS_LABEL -> length >= 3 && length <= 8;
            case START_NTP, END_NTP -> length == 8;
            default -> length >= 1 && length <= 8;
        };
    }

    /**
     * Alternatives for the same flow record field, most preferred first: the first one present in a
     * template wins and the others are ignored (for example octetDeltaCount over
     * postOctetDeltaCount, ipNextHop over bgpNextHop, sourceMacAddress over postSourceMacAddress).
     */
    static int preference(int elementId) {
        return switch (elementId) {
            case InformationElement.POST_OCTET_DELTA_COUNT,
                    InformationElement.POST_PACKET_DELTA_COUNT,
                    InformationElement.BGP_NEXT_HOP_IPV4_ADDRESS,
                    InformationElement.BGP_NEXT_HOP_IPV6_ADDRESS,
                    InformationElement.POST_SOURCE_MAC_ADDRESS,
                    InformationElement.POST_DESTINATION_MAC_ADDRESS,
                    InformationElement.DOT1Q_VLAN_ID,
                    InformationElement.SAMPLER_RANDOM_INTERVAL,
                    InformationElement.SELECTOR_ID ->
                    1;
            case InformationElement.OCTET_TOTAL_COUNT, InformationElement.PACKET_TOTAL_COUNT -> 2;
            case InformationElement.INITIATOR_OCTETS, InformationElement.INITIATOR_PACKETS -> 3;
            default -> 0;
        };
    }
}
