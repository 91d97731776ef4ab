package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.pcap.Packet;
import dev.flowsentry.traffic.pcap.PcapWriter;
import dev.flowsentry.traffic.pcap.TcpFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Traffic with known flows for a real exporter: TCP connections with handshakes and data, SYN-only
 * probes, UDP exchanges, ICMP echo, over IPv4 and IPv6. Knows, for every direction of every flow,
 * the packets, layer 3 bytes, TCP flags, ICMP type and times an exporter should report.
 */
final class DemoCapture {

    static final Instant START = Instant.parse("2024-03-01T12:00:00Z");

    final List<Packet> packets = new ArrayList<>();
    final Map<FlowKey, Direction> directions = new LinkedHashMap<>();
    private final Random random;
    private Instant clock = START;

    private DemoCapture(long seed) {
        random = new Random(seed);
    }

    /** The standard mix: about 220 flow directions, IPv6 ones included. */
    static DemoCapture generate(long seed) {
        DemoCapture capture = new DemoCapture(seed);
        for (int i = 0; i < 40; i++) {
            capture.tcpConnection(
                    ipv4(10, 1, 0, 1 + i), ipv4(10, 2, 0, 1 + i % 7), i % 2 == 0 ? 80 : 443);
        }
        for (int port = 1; port <= 30; port++) {
            capture.synOnly(ipv4(10, 9, 9, 9), ipv4(10, 2, 0, 50), port);
        }
        for (int i = 0; i < 20; i++) {
            capture.udpExchange(ipv4(10, 1, 1, 1 + i), ipv4(10, 3, 0, 53), 53);
        }
        for (int i = 0; i < 10; i++) {
            capture.icmpEcho(ipv4(10, 1, 2, 1 + i), ipv4(10, 2, 2, 1 + i), 3);
        }
        for (int i = 0; i < 10; i++) {
            capture.tcpConnection(ipv6(0x10 + i), ipv6(0x200 + i % 3), 443);
            capture.udpExchange(ipv6(0x40 + i), ipv6(0x353), 53);
        }
        for (int i = 0; i < 5; i++) {
            capture.icmpEcho(ipv6(0x70 + i), ipv6(0x270 + i), 2);
        }
        return capture;
    }

    static IpAddress ipv4(int a, int b, int c, int d) {
        return IpAddress.ofIpv4((a << 24) | (b << 16) | (c << 8) | d);
    }

    static IpAddress ipv6(int host) {
        return IpAddress.ofIpv6(0x2001_0db8_0000_0000L, host);
    }

    void write(Path file) throws IOException {
        try (PcapWriter pcap = PcapWriter.create(file)) {
            for (Packet packet : packets) {
                pcap.write(packet);
            }
        }
    }

    /** The directions an exporter of {@code version} reports (v5 cannot carry IPv6). */
    Map<FlowKey, Direction> expected(int version) {
        Map<FlowKey, Direction> expected = new LinkedHashMap<>(directions);
        if (version == 5) {
            expected.keySet().removeIf(key -> key.source().isIpv6());
        }
        return expected;
    }

    private void tcpConnection(IpAddress client, IpAddress server, int serverPort) {
        int clientPort = 32768 + random.nextInt(28000);
        send(Packet.tcp(client, clientPort, server, serverPort).flags(TcpFlags.SYN));
        send(Packet.tcp(server, serverPort, client, clientPort).flags(TcpFlags.SYN | TcpFlags.ACK));
        send(Packet.tcp(client, clientPort, server, serverPort).flags(TcpFlags.ACK));
        int exchanges = 1 + random.nextInt(6);
        for (int i = 0; i < exchanges; i++) {
            send(
                    Packet.tcp(client, clientPort, server, serverPort)
                            .flags(TcpFlags.PSH | TcpFlags.ACK)
                            .payloadLength(20 + random.nextInt(400)));
            send(
                    Packet.tcp(server, serverPort, client, clientPort)
                            .flags(TcpFlags.PSH | TcpFlags.ACK)
                            .payloadLength(200 + random.nextInt(1200)));
        }
        send(Packet.tcp(client, clientPort, server, serverPort).flags(TcpFlags.FIN | TcpFlags.ACK));
        send(Packet.tcp(server, serverPort, client, clientPort).flags(TcpFlags.FIN | TcpFlags.ACK));
        send(Packet.tcp(client, clientPort, server, serverPort).flags(TcpFlags.ACK));
    }

    private void synOnly(IpAddress scanner, IpAddress target, int port) {
        send(Packet.tcp(scanner, 40000 + port, target, port).flags(TcpFlags.SYN));
    }

    private void udpExchange(IpAddress client, IpAddress server, int serverPort) {
        int clientPort = 10000 + random.nextInt(50000);
        send(
                Packet.udp(client, clientPort, server, serverPort)
                        .payloadLength(30 + random.nextInt(30)));
        send(
                Packet.udp(server, serverPort, client, clientPort)
                        .payloadLength(80 + random.nextInt(400)));
    }

    private void icmpEcho(IpAddress client, IpAddress server, int count) {
        int replyType = client.isIpv6() ? 129 : 0;
        for (int sequence = 1; sequence <= count; sequence++) {
            send(Packet.icmpEcho(client, server, 7, sequence).payloadLength(56));
            send(Packet.icmp(server, client, replyType, 0).payloadLength(64));
        }
    }

    private void send(Packet.Builder builder) {
        clock = clock.plusMillis(1 + random.nextInt(20));
        Packet packet = builder.at(clock).build();
        packets.add(packet);
        FlowKey key = FlowKey.of(packet);
        Direction direction = directions.computeIfAbsent(key, k -> newDirection(k, packet));
        direction.add(packet);
    }

    /** Both directions of a conversation share one {@link Conversation} (softflowd's flow). */
    private Direction newDirection(FlowKey key, Packet packet) {
        FlowKey reverse =
                new FlowKey(
                        key.destination(),
                        key.source(),
                        key.protocol(),
                        key.destinationPort(),
                        key.sourcePort());
        Direction other = directions.get(reverse);
        // softflowd keys ICMP flows by type: echo request and reply are two flows.
        boolean icmp = key.sourcePort() == 0 && key.destinationPort() == 0;
        boolean shared = other != null && !icmp;
        return new Direction(packet, shared ? other.conversation : new Conversation());
    }

    /** First and last packet of a conversation, in both directions. */
    static final class Conversation {
        long firstMs = Long.MAX_VALUE;
        long lastMs;
    }

    /** What identifies one direction of a flow in the exported records. */
    record FlowKey(
            IpAddress source,
            IpAddress destination,
            int protocol,
            int sourcePort,
            int destinationPort) {

        static FlowKey of(Packet packet) {
            boolean icmp =
                    packet.protocol() == Packet.PROTOCOL_ICMP
                            || packet.protocol() == Packet.PROTOCOL_ICMPV6;
            return new FlowKey(
                    packet.source(),
                    packet.destination(),
                    packet.protocol(),
                    icmp ? 0 : packet.sourcePort(),
                    icmp ? 0 : packet.destinationPort());
        }

        static FlowKey of(FlowRecord record) {
            boolean icmp = record.isIcmp();
            return new FlowKey(
                    record.srcAddr(),
                    record.dstAddr(),
                    record.protocol(),
                    icmp ? 0 : record.srcPort(),
                    icmp ? 0 : record.dstPort());
        }
    }

    /** One direction of a flow: what the exporter saw. */
    static final class Direction {
        final int icmpType;
        final int icmpCode;
        long packets;
        long bytes;
        int tcpFlags;
        long firstMs = Long.MAX_VALUE;
        long lastMs;

        final Conversation conversation;

        Direction(Packet first, Conversation conversation) {
            icmpType = first.icmpType();
            icmpCode = first.icmpCode();
            this.conversation = conversation;
        }

        void add(Packet packet) {
            packets++;
            bytes += packet.ipLength();
            tcpFlags |= packet.tcpFlags();
            firstMs = Math.min(firstMs, packet.timestamp().toEpochMilli());
            lastMs = Math.max(lastMs, packet.timestamp().toEpochMilli());
            conversation.firstMs = Math.min(conversation.firstMs, firstMs);
            conversation.lastMs = Math.max(conversation.lastMs, lastMs);
        }

        @Override
        public String toString() {
            return packets
                    + " packets, "
                    + bytes
                    + " bytes, flags "
                    + tcpFlags
                    + ", icmp "
                    + icmpType;
        }
    }
}
