package dev.flowsentry.traffic.export;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.pcap.Packet;
import dev.flowsentry.traffic.pcap.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Flow records with every exported field set, and captures of export datagrams for tshark. */
final class ExportFixtures {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final IpAddress EXPORTER = IpAddress.parse("192.0.2.1");
    static final IpAddress COLLECTOR = IpAddress.parse("192.0.2.100");
    static final int COLLECTOR_PORT = 2055;

    private ExportFixtures() {}

    /** A TCP flow from 10.0.0.{index} with distinct values in every field. */
    static FlowRecord tcpFlow(int index, long startMs, long endMs) {
        return FlowRecord.builder()
                .exporter(EXPORTER)
                .flowStartMs(startMs)
                .flowEndMs(endMs)
                .srcAddr(IpAddress.parse("10.0.0." + (index % 250 + 1)))
                .dstAddr(IpAddress.parse("198.51.100." + (index % 200 + 1)))
                .srcPort(40000 + index)
                .dstPort(443)
                .protocol(FlowRecord.PROTOCOL_TCP)
                .packets(10 + index)
                .bytes(1500L * (10 + index) + 5_000_000_000L)
                .tcpFlags(FlowRecord.TCP_SYN | FlowRecord.TCP_ACK | FlowRecord.TCP_FIN)
                .tos(0x28)
                .inputIf(3)
                .outputIf(7)
                .srcAs(64512)
                .dstAs(65001)
                .nextHop(IpAddress.parse("192.0.2.254"))
                .direction(1)
                .build();
    }

    static FlowRecord icmpFlow(long startMs, long endMs) {
        return FlowRecord.builder()
                .exporter(EXPORTER)
                .flowStartMs(startMs)
                .flowEndMs(endMs)
                .srcAddr(IpAddress.parse("203.0.113.9"))
                .dstAddr(IpAddress.parse("10.0.1.40"))
                .protocol(FlowRecord.PROTOCOL_ICMP)
                .icmpType(8)
                .icmpCode(0)
                .packets(4)
                .bytes(336)
                .build();
    }

    static FlowRecord ipv6Flow(long startMs, long endMs) {
        return FlowRecord.builder()
                .exporter(EXPORTER)
                .flowStartMs(startMs)
                .flowEndMs(endMs)
                .srcAddr(IpAddress.parse("2001:db8::10"))
                .dstAddr(IpAddress.parse("2001:db8:1::53"))
                .srcPort(53000)
                .dstPort(53)
                .protocol(FlowRecord.PROTOCOL_UDP)
                .packets(2)
                .bytes(180)
                .nextHop(IpAddress.parse("2001:db8::1"))
                .build();
    }

    /** Mixed flows ending over about {@code seconds} seconds, in flow-end order. */
    static List<FlowRecord> mixedFlows(int count, int seconds) {
        List<FlowRecord> flows = new ArrayList<>();
        long startMs = START.toEpochMilli();
        for (int index = 0; index < count; index++) {
            long endMs = startMs + 1000L * seconds * index / count + 500;
            FlowRecord flow =
                    switch (index % 10) {
                        case 3 -> icmpFlow(endMs - 400, endMs);
                        case 7 -> ipv6Flow(endMs - 300, endMs);
                        default -> tcpFlow(index, endMs - 450, endMs);
                    };
            flows.add(flow);
        }
        return flows;
    }

    /** Exports {@code flows} into a list, as fast as possible. */
    static List<ExportDatagram> export(List<FlowRecord> flows, ExporterSettings settings)
            throws IOException {
        List<ExportDatagram> datagrams = new ArrayList<>();
        Pacer unpaced = new Pacer(0, 0, System::nanoTime, nanos -> {});
        FlowExporter exporter = new FlowExporter(datagrams::add, settings, unpaced);
        exporter.exportAll(flows.iterator());
        return datagrams;
    }

    /** Writes each datagram as a UDP packet from the exporter to the collector's port. */
    static void writeCapture(Path file, List<ExportDatagram> datagrams) throws IOException {
        try (PcapWriter pcap = PcapWriter.create(file)) {
            for (ExportDatagram datagram : datagrams) {
                pcap.write(
                        Packet.udp(EXPORTER, 50000, COLLECTOR, COLLECTOR_PORT)
                                .payload(datagram.bytes())
                                .at(Instant.ofEpochMilli(datagram.exportTimeMs()))
                                .build());
            }
        }
    }
}
