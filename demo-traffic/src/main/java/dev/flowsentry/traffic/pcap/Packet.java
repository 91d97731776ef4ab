package dev.flowsentry.traffic.pcap;

import dev.flowsentry.flow.IpAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One packet to write into a capture: an Ethernet frame carrying IPv4 or IPv6 and TCP, UDP, ICMP or
 * ICMPv6, with chosen addresses, ports, flags, size and time. Checksums are computed, so tools such
 * as softflowd and tshark take the frames as real traffic.
 *
 * <p>Kept simple on purpose: TCP sequence and acknowledgement numbers are fixed (1, and 1 or 0),
 * and no IP options, fragments, VLAN tags or TCP options are written.
 *
 * <p>Build one with the factories and the builder:
 *
 * <pre>{@code
 * Packet syn = Packet.tcp(client, 40000, server, 443).flags(TcpFlags.SYN).at(start).build();
 * Packet query = Packet.udp(client, 53000, resolver, 53).payloadLength(40).at(start).build();
 * Packet ping = Packet.icmpEcho(client, server, 1, 1).payloadLength(56).at(start).build();
 * }</pre>
 *
 * @param timestamp capture time
 * @param sourceMac source MAC address as 48 bits
 * @param destinationMac destination MAC address as 48 bits
 * @param source source address; IPv4 and IPv6 must not be mixed
 * @param destination destination address
 * @param protocol 6 TCP, 17 UDP, 1 ICMP or 58 ICMPv6
 * @param sourcePort TCP or UDP source port; for ICMP the echo identifier
 * @param destinationPort TCP or UDP destination port; for ICMP the echo sequence number
 * @param tcpFlags TCP flags ({@link TcpFlags}); 0 for other protocols
 * @param icmpType ICMP or ICMPv6 type
 * @param icmpCode ICMP or ICMPv6 code
 * @param ttl IPv4 time to live or IPv6 hop limit
 * @param tos IPv4 type of service or IPv6 traffic class
 * @param payload the transport payload (its bytes; zeros unless given)
 */
public record Packet(
        Instant timestamp,
        long sourceMac,
        long destinationMac,
        IpAddress source,
        IpAddress destination,
        int protocol,
        int sourcePort,
        int destinationPort,
        int tcpFlags,
        int icmpType,
        int icmpCode,
        int ttl,
        int tos,
        byte[] payload) {

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_ICMPV6 = 58;

    private static final int ETHERNET_HEADER_BYTES = 14;
    private static final int IPV4_HEADER_BYTES = 20;
    private static final int IPV6_HEADER_BYTES = 40;
    private static final int TCP_HEADER_BYTES = 20;
    private static final int UDP_HEADER_BYTES = 8;
    private static final int ICMP_HEADER_BYTES = 8;
    private static final int ETHER_TYPE_IPV4 = 0x0800;
    private static final int ETHER_TYPE_IPV6 = 0x86DD;

    /**
     * @throws IllegalArgumentException when the addresses mix IPv4 and IPv6, the protocol is not
     *     TCP, UDP, ICMP or ICMPv6 (of the right family), or the packet exceeds 65535 bytes
     */
    public Packet {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        payload = payload.clone();
        if (source.isIpv6() != destination.isIpv6()) {
            throw new IllegalArgumentException("source and destination mix IPv4 and IPv6");
        }
        boolean icmpOfFamily =
                source.isIpv6() ? protocol == PROTOCOL_ICMPV6 : protocol == PROTOCOL_ICMP;
        if (protocol != PROTOCOL_TCP && protocol != PROTOCOL_UDP && !icmpOfFamily) {
            throw new IllegalArgumentException(
                    "protocol " + protocol + " is not TCP, UDP or the ICMP of its IP version");
        }
        if (payload.length > 65_000) {
            throw new IllegalArgumentException(
                    "payload of " + payload.length + " bytes does not fit an IP packet");
        }
    }

    /** A TCP segment; set its flags with {@link Builder#flags(int)}. */
    public static Builder tcp(IpAddress source, int sourcePort, IpAddress destination, int port) {
        return new Builder(source, destination, PROTOCOL_TCP).ports(sourcePort, port);
    }

    public static Builder udp(IpAddress source, int sourcePort, IpAddress destination, int port) {
        return new Builder(source, destination, PROTOCOL_UDP).ports(sourcePort, port);
    }

    /** An ICMP (IPv4) or ICMPv6 (IPv6) echo request with its identifier and sequence number. */
    public static Builder icmpEcho(
            IpAddress source, IpAddress destination, int identifier, int sequence) {
        boolean ipv6 = source.isIpv6();
        return icmp(source, destination, ipv6 ? 128 : 8, 0).ports(identifier, sequence);
    }

    /** An ICMP (IPv4) or ICMPv6 (IPv6) message of any type and code. */
    public static Builder icmp(IpAddress source, IpAddress destination, int type, int code) {
        Builder builder =
                new Builder(source, destination, source.isIpv6() ? PROTOCOL_ICMPV6 : PROTOCOL_ICMP);
        builder.icmpType = type;
        builder.icmpCode = code;
        return builder;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public boolean isIpv6() {
        return source.isIpv6();
    }

    /** The IP packet's length, headers included: what NetFlow exporters count as bytes. */
    public int ipLength() {
        return ipHeaderLength() + transportHeaderLength() + payload.length;
    }

    /** The whole Ethernet frame as it goes into the capture. */
    public int frameLength() {
        return ETHERNET_HEADER_BYTES + ipLength();
    }

    private int ipHeaderLength() {
        return isIpv6() ? IPV6_HEADER_BYTES : IPV4_HEADER_BYTES;
    }

    private int transportHeaderLength() {
        return switch (protocol) {
            case PROTOCOL_TCP -> TCP_HEADER_BYTES;
            case PROTOCOL_UDP -> UDP_HEADER_BYTES;
            default -> ICMP_HEADER_BYTES;
        };
    }

    /** The Ethernet frame: header, IP header, transport header with checksum, payload. */
    public byte[] frame() {
        ByteBuffer frame = ByteBuffer.allocate(frameLength());
        putMac(frame, destinationMac);
        putMac(frame, sourceMac);
        frame.putShort((short) (isIpv6() ? ETHER_TYPE_IPV6 : ETHER_TYPE_IPV4));
        byte[] transport = transportSegment();
        if (isIpv6()) {
            putIpv6Header(frame, transport.length);
        } else {
            putIpv4Header(frame, transport.length);
        }
        frame.put(transport);
        return frame.array();
    }

    private void putIpv4Header(ByteBuffer frame, int transportLength) {
        int start = frame.position();
        frame.put((byte) 0x45)
                .put((byte) tos)
                .putShort((short) (IPV4_HEADER_BYTES + transportLength));
        frame.putShort((short) 0).putShort((short) 0x4000); // identification, don't fragment
        frame.put((byte) ttl).put((byte) protocol).putShort((short) 0);
        frame.put(source.toBytes()).put(destination.toBytes());
        int checksum = Checksum.of(frame.array(), start, IPV4_HEADER_BYTES, 0);
        frame.putShort(start + 10, (short) checksum);
    }

    private void putIpv6Header(ByteBuffer frame, int transportLength) {
        frame.putInt(0x6000_0000 | (tos & 0xFF) << 20);
        frame.putShort((short) transportLength).put((byte) protocol).put((byte) ttl);
        frame.put(source.toBytes()).put(destination.toBytes());
    }

    private byte[] transportSegment() {
        ByteBuffer segment = ByteBuffer.allocate(transportHeaderLength() + payload.length);
        int checksumOffset;
        switch (protocol) {
            case PROTOCOL_TCP -> {
                segment.putShort((short) sourcePort).putShort((short) destinationPort);
                segment.putInt(1).putInt((tcpFlags & TcpFlags.ACK) != 0 ? 1 : 0);
                segment.put((byte) 0x50).put((byte) tcpFlags).putShort((short) 65535);
                segment.putShort((short) 0).putShort((short) 0);
                checksumOffset = 16;
            }
            case PROTOCOL_UDP -> {
                segment.putShort((short) sourcePort).putShort((short) destinationPort);
                segment.putShort((short) segment.capacity()).putShort((short) 0);
                checksumOffset = 6;
            }
            default -> {
                segment.put((byte) icmpType).put((byte) icmpCode).putShort((short) 0);
                segment.putShort((short) sourcePort).putShort((short) destinationPort);
                checksumOffset = 2;
            }
        }
        segment.put(payload);
        byte[] bytes = segment.array();
        int checksum = Checksum.of(bytes, 0, bytes.length, pseudoHeaderSum(bytes.length));
        if (protocol == PROTOCOL_UDP && checksum == 0) {
            checksum = 0xFFFF; // RFC 768: a computed zero is sent as all ones
        }
        bytes[checksumOffset] = (byte) (checksum >>> 8);
        bytes[checksumOffset + 1] = (byte) checksum;
        return bytes;
    }

    /** Sum of the pseudo-header (RFC 9293, RFC 8200 section 8.1); ICMPv4 has none. */
    private int pseudoHeaderSum(int length) {
        if (protocol == PROTOCOL_ICMP) {
            return 0;
        }
        byte[] addresses = new byte[isIpv6() ? 32 : 8];
        byte[] src = source.toBytes();
        System.arraycopy(src, 0, addresses, 0, src.length);
        System.arraycopy(destination.toBytes(), 0, addresses, src.length, src.length);
        return Checksum.sum(addresses, 0, addresses.length) + protocol + length;
    }

    private static void putMac(ByteBuffer frame, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            frame.put((byte) (mac >>> shift));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Packet that
                && that.timestamp.equals(timestamp)
                && that.sourceMac == sourceMac
                && that.destinationMac == destinationMac
                && that.source.equals(source)
                && that.destination.equals(destination)
                && that.protocol == protocol
                && that.sourcePort == sourcePort
                && that.destinationPort == destinationPort
                && that.tcpFlags == tcpFlags
                && that.icmpType == icmpType
                && that.icmpCode == icmpCode
                && that.ttl == ttl
                && that.tos == tos
                && Arrays.equals(that.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, source, destination, protocol, sourcePort, destinationPort)
                        * 31
                + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Packet["
                + timestamp
                + " "
                + source
                + ":"
                + sourcePort
                + " > "
                + destination
                + ":"
                + destinationPort
                + " proto "
                + protocol
                + " flags "
                + tcpFlags
                + " ip length "
                + ipLength()
                + "]";
    }

    /** Builds a {@link Packet}; defaults: time 0, TTL 64, TOS 0, no payload, fixed MACs. */
    public static final class Builder {
        private final IpAddress source;
        private final IpAddress destination;
        private final int protocol;
        private Instant timestamp = Instant.EPOCH;
        private long sourceMac = 0x02_00_00_00_00_01L;
        private long destinationMac = 0x02_00_00_00_00_02L;
        private int sourcePort;
        private int destinationPort;
        private int tcpFlags;
        private int icmpType;
        private int icmpCode;
        private int ttl = 64;
        private int tos;
        private byte[] payload = new byte[0];

        private Builder(IpAddress source, IpAddress destination, int protocol) {
            this.source = source;
            this.destination = destination;
            this.protocol = protocol;
        }

        private Builder ports(int sourcePort, int destinationPort) {
            this.sourcePort = requireRange("source port", sourcePort, 65535);
            this.destinationPort = requireRange("destination port", destinationPort, 65535);
            return this;
        }

        public Builder at(Instant value) {
            timestamp = value;
            return this;
        }

        /** TCP flags, for example {@code TcpFlags.SYN | TcpFlags.ACK}. */
        public Builder flags(int value) {
            tcpFlags = requireRange("TCP flags", value, 0xFF);
            return this;
        }

        /** A payload of {@code length} zero bytes. */
        public Builder payloadLength(int length) {
            payload = new byte[requireRange("payload length", length, 65_000)];
            return this;
        }

        public Builder payload(byte[] value) {
            payload = value.clone();
            return this;
        }

        public Builder ttl(int value) {
            ttl = requireRange("TTL", value, 255);
            return this;
        }

        public Builder tos(int value) {
            tos = requireRange("TOS", value, 255);
            return this;
        }

        public Builder macs(long source, long destination) {
            sourceMac = source;
            destinationMac = destination;
            return this;
        }

        public Packet build() {
            return new Packet(
                    timestamp,
                    sourceMac,
                    destinationMac,
                    source,
                    destination,
                    protocol,
                    sourcePort,
                    destinationPort,
                    tcpFlags,
                    icmpType,
                    icmpCode,
                    ttl,
                    tos,
                    payload);
        }

        private static int requireRange(String name, int value, int maximum) {
            if (value < 0 || value > maximum) {
                throw new IllegalArgumentException(
                        name + " must be between 0 and " + maximum + ", found " + value);
            }
            return value;
        }
    }
}
