package dev.flowsentry.decoder.codec;

/**
 * Information element identifiers of the IANA IPFIX registry that the decoder maps onto flow record
 * fields. NetFlow v9 (RFC 3954 section 8) uses the same numbers below 128, under other names
 * (IN_BYTES for octetDeltaCount, FIRST_SWITCHED for flowStartSysUpTime...).
 */
public final class InformationElement {

    public static final int OCTET_DELTA_COUNT = 1;
    public static final int PACKET_DELTA_COUNT = 2;
    public static final int PROTOCOL_IDENTIFIER = 4;
    public static final int IP_CLASS_OF_SERVICE = 5;
    public static final int TCP_CONTROL_BITS = 6;
    public static final int SOURCE_TRANSPORT_PORT = 7;
    public static final int SOURCE_IPV4_ADDRESS = 8;
    public static final int SOURCE_IPV4_PREFIX_LENGTH = 9;
    public static final int INGRESS_INTERFACE = 10;
    public static final int DESTINATION_TRANSPORT_PORT = 11;
    public static final int DESTINATION_IPV4_ADDRESS = 12;
    public static final int DESTINATION_IPV4_PREFIX_LENGTH = 13;
    public static final int EGRESS_INTERFACE = 14;
    public static final int IP_NEXT_HOP_IPV4_ADDRESS = 15;
    public static final int BGP_SOURCE_AS_NUMBER = 16;
    public static final int BGP_DESTINATION_AS_NUMBER = 17;
    public static final int BGP_NEXT_HOP_IPV4_ADDRESS = 18;
    public static final int FLOW_END_SYS_UP_TIME = 21;
    public static final int FLOW_START_SYS_UP_TIME = 22;
    public static final int POST_OCTET_DELTA_COUNT = 23;
    public static final int POST_PACKET_DELTA_COUNT = 24;
    public static final int SOURCE_IPV6_ADDRESS = 27;
    public static final int DESTINATION_IPV6_ADDRESS = 28;
    public static final int SOURCE_IPV6_PREFIX_LENGTH = 29;
    public static final int DESTINATION_IPV6_PREFIX_LENGTH = 30;
    public static final int ICMP_TYPE_CODE_IPV4 = 32;
    public static final int SAMPLING_INTERVAL = 34;
    public static final int SAMPLING_ALGORITHM = 35;
    public static final int SAMPLER_ID = 48;
    public static final int SAMPLER_RANDOM_INTERVAL = 50;
    public static final int SOURCE_MAC_ADDRESS = 56;
    public static final int POST_DESTINATION_MAC_ADDRESS = 57;
    public static final int VLAN_ID = 58;
    public static final int FLOW_DIRECTION = 61;
    public static final int IP_NEXT_HOP_IPV6_ADDRESS = 62;
    public static final int BGP_NEXT_HOP_IPV6_ADDRESS = 63;
    public static final int MPLS_TOP_LABEL_STACK_SECTION = 70;
    public static final int DESTINATION_MAC_ADDRESS = 80;
    public static final int POST_SOURCE_MAC_ADDRESS = 81;
    public static final int OCTET_TOTAL_COUNT = 85;
    public static final int PACKET_TOTAL_COUNT = 86;
    public static final int ICMP_TYPE_CODE_IPV6 = 139;
    public static final int FLOW_START_SECONDS = 150;
    public static final int FLOW_END_SECONDS = 151;
    public static final int FLOW_START_MILLISECONDS = 152;
    public static final int FLOW_END_MILLISECONDS = 153;
    public static final int FLOW_START_MICROSECONDS = 154;
    public static final int FLOW_END_MICROSECONDS = 155;
    public static final int FLOW_START_NANOSECONDS = 156;
    public static final int FLOW_END_NANOSECONDS = 157;
    public static final int FLOW_START_DELTA_MICROSECONDS = 158;
    public static final int FLOW_END_DELTA_MICROSECONDS = 159;
    public static final int SYSTEM_INIT_TIME_MILLISECONDS = 160;
    public static final int ICMP_TYPE_IPV4 = 176;
    public static final int ICMP_CODE_IPV4 = 177;
    public static final int ICMP_TYPE_IPV6 = 178;
    public static final int ICMP_CODE_IPV6 = 179;
    public static final int INITIATOR_OCTETS = 231;
    public static final int DOT1Q_VLAN_ID = 243;
    public static final int INITIATOR_PACKETS = 298;
    public static final int SELECTOR_ID = 302;
    public static final int SAMPLING_PACKET_INTERVAL = 305;
    public static final int SAMPLING_PACKET_SPACE = 306;
    public static final int SAMPLING_SIZE = 309;
    public static final int SAMPLING_POPULATION = 310;

    /** A template field length that announces a variable-length field (RFC 7011 section 7). */
    public static final int VARIABLE_LENGTH = 65535;

    private InformationElement() {}
}
