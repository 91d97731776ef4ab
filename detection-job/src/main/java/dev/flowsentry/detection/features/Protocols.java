package dev.flowsentry.detection.features;

/** IANA protocol numbers and the connection heuristics the features share. */
public final class Protocols {

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    /** Lowest port of the ephemeral range most systems use (Linux: 32768-60999). */
    public static final int EPHEMERAL_PORTS_FROM = 32768;

    private Protocols() {}

    public static boolean isIcmp(int protocol) {
        return protocol == ICMP || protocol == ICMPV6;
    }

    /**
     * Whether a TCP or UDP flow looks like the answer of a server to a client: from a lower port
     * that is a well-known one, or to an ephemeral one. Answers are not connection attempts.
     */
    public static boolean isResponse(int sourcePort, int destinationPort) {
        return sourcePort < destinationPort
                && (sourcePort < 1024 || destinationPort >= EPHEMERAL_PORTS_FROM);
    }
}
