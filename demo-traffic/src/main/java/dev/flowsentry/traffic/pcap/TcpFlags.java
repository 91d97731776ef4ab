package dev.flowsentry.traffic.pcap;

/** TCP header flag bits (RFC 9293 section 3.1), to combine with {@code |}. */
public final class TcpFlags {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    private TcpFlags() {}
}
