package dev.flowsentry.traffic.export;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.traffic.pcap.Packet;
import dev.flowsentry.traffic.pcap.PcapWriter;
import dev.flowsentry.traffic.pcap.TcpFlags;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Turns flow records back into the packets they summarise, so that a real exporter (softflowd
 * reading the capture) can measure them again: each flow's packets spread evenly from its start to
 * its end, its bytes shared among them, its TCP flags split so that the first packet carries SYN,
 * the last FIN or RST, and their union is the flow's flags.
 *
 * <p>A packet cannot be smaller than its headers: a flow whose bytes per packet are below them (40
 * for TCP over IPv4) comes back with more bytes. The whole capture is planned in memory (a few
 * dozen bytes per packet) and written in time order; meant for demo-sized scenarios (at most 2^27
 * packets over at most 38 hours).
 */
public final class PacketRenderer {

    private static final int FIRST_AND_LAST = TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST;
    private static final int INDEX_BITS = 27;

    private final List<FlowRecord> flows = new ArrayList<>();
    private long packets;

    /** Adds a flow to render. */
    public void add(FlowRecord flow) {
        flows.add(flow);
        packets += Math.max(1, flow.packets());
    }

    /** Adds every flow of {@code source}. */
    public PacketRenderer addAll(Iterator<FlowRecord> source) {
        source.forEachRemaining(this::add);
        return this;
    }

    /** Packets the flows added so far make. */
    public long packets() {
        return packets;
    }

    /** Writes every packet, in time order; returns how many. */
    public long writeTo(PcapWriter pcap) throws IOException {
        Plan plan = plan();
        Arrays.sort(plan.entries());
        for (long entry : plan.entries()) {
            pcap.write(packetAt(plan, entry));
        }
        return plan.entries().length;
    }

    /**
     * One long per packet, sortable by time: microseconds since the earliest flow start in the
     * upper 37 bits (38 hours), the packet's number in the lower 27 (134 million packets).
     */
    private Plan plan() {
        if (packets >= 1L << INDEX_BITS) {
            throw new IllegalStateException(
                    "more than 2^27 packets: export the flows directly instead");
        }
        long originMs = flows.stream().mapToLong(FlowRecord::flowStartMs).min().orElse(0);
        long[] entries = new long[(int) packets];
        int[] flowOfPacket = new int[(int) packets];
        int[] firstPacketOfFlow = new int[flows.size()];
        int next = 0;
        for (int flowIndex = 0; flowIndex < flows.size(); flowIndex++) {
            FlowRecord flow = flows.get(flowIndex);
            long count = Math.max(1, flow.packets());
            firstPacketOfFlow[flowIndex] = next;
            for (long packet = 0; packet < count; packet++) {
                long micros = timeOf(flow, packet, count) - originMs * 1000;
                flowOfPacket[next] = flowIndex;
                entries[next] = (micros << INDEX_BITS) | next;
                next++;
            }
        }
        return new Plan(entries, flowOfPacket, firstPacketOfFlow, originMs);
    }

    private record Plan(
            long[] entries, int[] flowOfPacket, int[] firstPacketOfFlow, long originMs) {}

    private Packet packetAt(Plan plan, long entry) {
        int packetNumber = (int) (entry & ((1L << INDEX_BITS) - 1));
        int flowIndex = plan.flowOfPacket()[packetNumber];
        FlowRecord flow = flows.get(flowIndex);
        long micros = plan.originMs() * 1000 + (entry >>> INDEX_BITS);
        Instant time =
                Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
        long position = packetNumber - plan.firstPacketOfFlow()[flowIndex];
        return build(flow, position, Math.max(1, flow.packets()), time);
    }

    private static long timeOf(FlowRecord flow, long packet, long count) {
        long spanMicros = Math.max(0, flow.flowEndMs() - flow.flowStartMs()) * 1000;
        long offset = count == 1 ? 0 : spanMicros * packet / (count - 1);
        return flow.flowStartMs() * 1000 + offset;
    }

    private static Packet build(FlowRecord flow, long position, long count, Instant time) {
        Packet.Builder builder =
                switch (flow.protocol()) {
                    case FlowRecord.PROTOCOL_TCP ->
                            Packet.tcp(
                                            flow.srcAddr(),
                                            port(flow.srcPort()),
                                            flow.dstAddr(),
                                            port(flow.dstPort()))
                                    .flags(flagsOf(flow, position, count));
                    case FlowRecord.PROTOCOL_UDP ->
                            Packet.udp(
                                    flow.srcAddr(),
                                    port(flow.srcPort()),
                                    flow.dstAddr(),
                                    port(flow.dstPort()));
                    default ->
                            Packet.icmp(
                                    flow.srcAddr(),
                                    flow.dstAddr(),
                                    Math.max(0, flow.icmpType()),
                                    Math.max(0, flow.icmpCode()));
                };
        int headers = headerBytes(flow);
        long share = flow.bytes() / count + (position < flow.bytes() % count ? 1 : 0);
        return builder.payloadLength((int) Math.max(0, Math.min(share - headers, 65_000)))
                .tos(Math.max(0, flow.tos()))
                .at(time)
                .build();
    }

    private static int flagsOf(FlowRecord flow, long position, long count) {
        int flags = Math.max(0, flow.tcpFlags());
        if (count == 1) {
            return flags;
        }
        if (position == 0) {
            return flags & ~(TcpFlags.FIN | TcpFlags.RST);
        }
        if (position == count - 1) {
            return flags & ~TcpFlags.SYN;
        }
        return flags & ~FIRST_AND_LAST;
    }

    private static int headerBytes(FlowRecord flow) {
        int ip = flow.srcAddr().isIpv6() ? 40 : 20;
        return ip
                + switch (flow.protocol()) {
                    case FlowRecord.PROTOCOL_TCP -> 20;
                    default -> 8;
                };
    }

    private static int port(int port) {
        return Math.max(0, port);
    }
}
