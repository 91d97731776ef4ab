package dev.flowsentry.traffic.export;

/**
 * One field of a template: the information element (NetFlow v9 field type, RFC 3954 section 8;
 * IPFIX information element id, RFC 7012 and IANA's registry: the ids below 128 are the same) and
 * its encoded length in bytes.
 */
record TemplateField(int elementId, int lengthBytes) {

    static final int OCTET_DELTA_COUNT = 1;
    static final int PACKET_DELTA_COUNT = 2;
    static final int PROTOCOL_IDENTIFIER = 4;
    static final int IP_CLASS_OF_SERVICE = 5;
    static final int TCP_CONTROL_BITS = 6;
    static final int SOURCE_TRANSPORT_PORT = 7;
    static final int SOURCE_IPV4_ADDRESS = 8;
    static final int INGRESS_INTERFACE = 10;
    static final int DESTINATION_TRANSPORT_PORT = 11;
    static final int DESTINATION_IPV4_ADDRESS = 12;
    static final int EGRESS_INTERFACE = 14;
    static final int IP_NEXT_HOP_IPV4_ADDRESS = 15;
    static final int BGP_SOURCE_AS_NUMBER = 16;
    static final int BGP_DESTINATION_AS_NUMBER = 17;

    /** NetFlow v9 LAST_SWITCHED: sysUptime in milliseconds at the flow's last packet. */
    static final int FLOW_END_SYS_UP_TIME = 21;

    /** NetFlow v9 FIRST_SWITCHED: sysUptime in milliseconds at the flow's first packet. */
    static final int FLOW_START_SYS_UP_TIME = 22;

    static final int SOURCE_IPV6_ADDRESS = 27;
    static final int DESTINATION_IPV6_ADDRESS = 28;
    static final int ICMP_TYPE_CODE_IPV4 = 32;

    /** NetFlow v9 SAMPLING_INTERVAL, in options data. */
    static final int SAMPLING_INTERVAL = 34;

    /** NetFlow v9 SAMPLING_ALGORITHM: 1 deterministic, 2 random. */
    static final int SAMPLING_ALGORITHM = 35;

    static final int FLOW_DIRECTION = 61;
    static final int IP_NEXT_HOP_IPV6_ADDRESS = 62;
    static final int ICMP_TYPE_CODE_IPV6 = 139;
    static final int OBSERVATION_DOMAIN_ID = 149;
    static final int FLOW_START_MILLISECONDS = 152;
    static final int FLOW_END_MILLISECONDS = 153;
    static final int SAMPLING_PACKET_INTERVAL = 305;
    static final int SAMPLING_PACKET_SPACE = 306;

    /** NetFlow v9 options scope type System (RFC 3954 section 6.1). */
    static final int SCOPE_SYSTEM = 1;
}
