package dev.flowsentry.traffic.scenario;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a {@link LabelledScenario}'s flows one second at a time. Rates are per second at scale
 * 1 and multiplied by the scale; every random choice comes from one seeded generator, in a fixed
 * order, so that the output is deterministic.
 */
final class TrafficGenerator {

    private static final int TCP_FIN_PSH_ACK_SYN = 0x1B;
    private static final int TCP_ACK_PSH = 0x18;
    private static final int TCP_SYN_ACK = 0x12;
    private static final int TCP_RST_ACK = 0x14;
    private static final int TCP_SYN_RST = 0x06;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int EXISTING_SCAN_TARGETS = 30;
    private static final int[] OPEN_PORTS = {22, 80, 443};
    private static final IpAddress[] UPSTREAM_RESOLVERS = {
        IpAddress.parse("9.9.9.9"), IpAddress.parse("149.112.112.112")
    };

    private final Timeline timeline;
    private final SplittableRandom random;
    private final FlowRecord.Builder builder = FlowRecord.builder();
    private final long startMs;
    private final int seconds;
    private final double scale;
    private final IpAddress[] clients;
    private final IpAddress[] externalClients;
    private final IpAddress[] externalServers;
    private final IpAddress[] lightServers;
    private final IpAddress[] udpFloodSources;
    private final IpAddress[] icmpFloodSources;
    private final IpAddress[] exporterAddresses;
    private final long[] exporterSequences;
    private int second;

    TrafficGenerator(LabelledScenario scenario) {
        this.timeline = new Timeline(scenario);
        this.random = new SplittableRandom(scenario.seed());
        this.startMs = scenario.start().toEpochMilli();
        this.seconds = (int) scenario.duration().toSeconds();
        this.scale = scenario.scale();
        this.clients = internalClients((int) Math.max(4, Math.round(60 * scale)));
        this.externalClients = externalAddresses((int) Math.max(50, Math.round(2000 * scale)));
        this.externalServers = externalAddresses((int) Math.max(50, Math.round(300 * scale)));
        this.lightServers = lightServers();
        this.udpFloodSources = externalAddresses(20);
        this.icmpFloodSources = externalAddresses(5);
        this.exporterAddresses = new IpAddress[scenario.exporters()];
        for (int i = 0; i < exporterAddresses.length; i++) {
            exporterAddresses[i] = IpAddress.parse("192.0.2." + (i + 1));
        }
        this.exporterSequences = new long[exporterAddresses.length];
    }

    boolean hasNextSecond() {
        return second < seconds;
    }

    /** Appends every flow that ends within the next second, in no particular order. */
    void nextSecond(List<FlowRecord> out) {
        long secondMs = startMs + second * 1000L;
        double wave = 1 + 0.25 * Math.sin(2 * Math.PI * second / 600.0);
        background(secondMs, wave, out);
        webServer(secondMs, wave, out);
        backup(secondMs, out);
        exfiltrationHostBrowsing(secondMs, out);
        attacks(secondMs, out);
        second++;
    }

    private void background(long secondMs, double wave, List<FlowRecord> out) {
        int connections = poisson(clients.length * 0.25 * wave);
        for (int i = 0; i < connections; i++) {
            IpAddress client = pick(clients);
            tcpConnection(secondMs, client, pick(externalServers), 443, 8, 120, 12, 1200, out);
        }
        int queries = poisson((clients.length * 0.3 + 120 * scale) * wave);
        for (int i = 0; i < queries; i++) {
            dnsQuery(secondMs, pick(clients), out);
        }
        int serverConnections = poisson(lightServers.length * 0.1);
        for (int i = 0; i < serverConnections; i++) {
            IpAddress server = pick(lightServers);
            int port = random.nextBoolean() ? 443 : 22;
            tcpConnection(secondMs, pick(clients), server, port, 6, 100, 6, 400, out);
        }
    }

    private void dnsQuery(long secondMs, IpAddress client, List<FlowRecord> out) {
        long endMs = secondMs + random.nextInt(1000);
        int clientPort = ephemeralPort();
        udp(endMs, 5, client, LabelledScenario.DNS_RESOLVER, clientPort, 53, 1, 70, out);
        udp(endMs, 5, LabelledScenario.DNS_RESOLVER, client, 53, clientPort, 1, 150, out);
        if (random.nextInt(5) == 0) {
            IpAddress upstream = pick(UPSTREAM_RESOLVERS);
            int resolverPort = ephemeralPort();
            udp(endMs, 30, LabelledScenario.DNS_RESOLVER, upstream, resolverPort, 53, 1, 80, out);
            udp(endMs, 30, upstream, LabelledScenario.DNS_RESOLVER, 53, resolverPort, 1, 200, out);
        }
    }

    private void webServer(long secondMs, double wave, List<FlowRecord> out) {
        int connections = poisson(10 * scale * wave);
        for (int i = 0; i < connections; i++) {
            IpAddress client = pick(externalClients);
            if (random.nextInt(50) == 0) {
                long endMs = secondMs + random.nextInt(1000);
                tcp(
                        endMs,
                        0,
                        client,
                        LabelledScenario.WEB_SERVER,
                        ephemeralPort(),
                        443,
                        1,
                        60,
                        FlowRecord.TCP_SYN,
                        out);
                continue;
            }
            tcpConnection(secondMs, client, LabelledScenario.WEB_SERVER, 443, 9, 90, 14, 1300, out);
        }
    }

    private void backup(long secondMs, List<FlowRecord> out) {
        if (second % 10 != 9) {
            return;
        }
        long endMs = secondMs + 999;
        long bytes = Math.round(150_000 * 10 * scale * (0.9 + 0.2 * random.nextDouble()));
        long packets = Math.max(1, bytes / 1400);
        tcp(
                endMs,
                10_000,
                LabelledScenario.BACKUP_HOST,
                LabelledScenario.BACKUP_TARGET,
                50022,
                22,
                packets,
                bytes,
                TCP_ACK_PSH,
                out);
        tcp(
                endMs,
                10_000,
                LabelledScenario.BACKUP_TARGET,
                LabelledScenario.BACKUP_HOST,
                22,
                50022,
                Math.max(1, packets / 2),
                Math.max(1, packets / 2) * 52,
                TCP_ACK_PSH,
                out);
    }

    private void exfiltrationHostBrowsing(long secondMs, List<FlowRecord> out) {
        if (random.nextInt(4) == 0) {
            tcpConnection(
                    secondMs,
                    LabelledScenario.EXFILTRATION_HOST,
                    pick(externalServers),
                    443,
                    8,
                    120,
                    12,
                    1200,
                    out);
        }
    }

    private void attacks(long secondMs, List<FlowRecord> out) {
        if (Timeline.within(secondMs, timeline.synFloodStart, timeline.floodLength)) {
            synFlood(secondMs, out);
        }
        if (Timeline.within(secondMs, timeline.udpFloodStart, timeline.floodLength)) {
            udpFlood(secondMs, out);
        }
        if (Timeline.within(secondMs, timeline.icmpFloodStart, timeline.floodLength)) {
            icmpFlood(secondMs, out);
        }
        if (Timeline.within(
                secondMs, timeline.horizontalScanStart, timeline.horizontalScanLength)) {
            horizontalScan(secondMs, out);
        }
        if (Timeline.within(secondMs, timeline.verticalScanStart, timeline.verticalScanLength)) {
            verticalScan(secondMs, out);
        }
        if (Timeline.within(secondMs, timeline.exfiltrationStart, timeline.exfiltrationLength)) {
            exfiltration(secondMs, out);
        }
    }

    private void synFlood(long secondMs, List<FlowRecord> out) {
        int syns = poisson(300 * scale);
        for (int i = 0; i < syns; i++) {
            long endMs = secondMs + random.nextInt(1000);
            tcp(
                    endMs,
                    0,
                    spoofedAddress(),
                    LabelledScenario.SYN_VICTIM,
                    ephemeralPort(),
                    443,
                    1,
                    60,
                    FlowRecord.TCP_SYN,
                    out);
        }
    }

    private void udpFlood(long secondMs, List<FlowRecord> out) {
        int flows = (int) Math.max(1, Math.round(40 * scale));
        for (int i = 0; i < flows; i++) {
            long endMs = secondMs + random.nextInt(1000);
            udp(
                    endMs,
                    200,
                    pick(udpFloodSources),
                    LabelledScenario.UDP_VICTIM,
                    ephemeralPort(),
                    1 + random.nextInt(65535),
                    10,
                    5120,
                    out);
        }
    }

    private void icmpFlood(long secondMs, List<FlowRecord> out) {
        long packets = Math.max(1, Math.round(60 * scale));
        for (IpAddress source : icmpFloodSources) {
            long endMs = secondMs + 900 + random.nextInt(100);
            flow(
                    endMs,
                    900,
                    source,
                    LabelledScenario.ICMP_VICTIM,
                    0,
                    ICMP_ECHO_REQUEST << 8,
                    FlowRecord.PROTOCOL_ICMP,
                    packets,
                    packets * 84,
                    FlowRecord.ABSENT,
                    out);
            builder.icmpType(ICMP_ECHO_REQUEST).icmpCode(0);
            out.set(out.size() - 1, builder.build());
        }
    }

    private void horizontalScan(long secondMs, List<FlowRecord> out) {
        long offsetMs = secondMs - timeline.horizontalScanStart.toEpochMilli();
        long lengthMs = timeline.horizontalScanLength.toMillis();
        int from = (int) (offsetMs * 254 / lengthMs) + 1;
        int to = (int) ((offsetMs + 1000) * 254 / lengthMs) + 1;
        for (int host = from; host < to && host <= 254; host++) {
            IpAddress target = IpAddress.parse("10.0.2." + host);
            long endMs = secondMs + (host - from) * 1000L / Math.max(1, to - from);
            boolean exists = host <= EXISTING_SCAN_TARGETS;
            probe(
                    endMs,
                    LabelledScenario.HORIZONTAL_SCANNER,
                    target,
                    22,
                    exists,
                    exists && host % 5 == 0,
                    out);
        }
    }

    private void verticalScan(long secondMs, List<FlowRecord> out) {
        long offsetMs = secondMs - timeline.verticalScanStart.toEpochMilli();
        long lengthMs = timeline.verticalScanLength.toMillis();
        int from = (int) (offsetMs * 1024 / lengthMs) + 1;
        int to = (int) ((offsetMs + 1000) * 1024 / lengthMs) + 1;
        for (int port = from; port < to && port <= 1024; port++) {
            long endMs = secondMs + (port - from) * 1000L / Math.max(1, to - from);
            probe(
                    endMs,
                    LabelledScenario.VERTICAL_SCANNER,
                    LabelledScenario.VERTICAL_TARGET,
                    port,
                    true,
                    isOpen(port),
                    out);
        }
    }

    /**
     * One SYN probe: an open port answers SYN-ACK and the scanner resets; a closed port of a live
     * host answers RST-ACK; an absent host answers nothing.
     */
    private void probe(
            long endMs,
            IpAddress scanner,
            IpAddress target,
            int port,
            boolean alive,
            boolean open,
            List<FlowRecord> out) {
        int scannerPort = 40000 + random.nextInt(20000);
        if (open) {
            tcp(endMs, 2, scanner, target, scannerPort, port, 2, 100, TCP_SYN_RST, out);
            tcp(endMs, 1, target, scanner, port, scannerPort, 1, 60, TCP_SYN_ACK, out);
            return;
        }
        tcp(endMs, 0, scanner, target, scannerPort, port, 1, 60, FlowRecord.TCP_SYN, out);
        if (alive) {
            tcp(endMs, 0, target, scanner, port, scannerPort, 1, 40, TCP_RST_ACK, out);
        }
    }

    private void exfiltration(long secondMs, List<FlowRecord> out) {
        if (second % 5 != 4) {
            return;
        }
        long endMs = secondMs + 999;
        long bytes = Math.round(800_000 * 5 * scale);
        long packets = Math.max(1, bytes / 1400);
        tcp(
                endMs,
                5000,
                LabelledScenario.EXFILTRATION_HOST,
                LabelledScenario.EXFILTRATION_PEER,
                51515,
                443,
                packets,
                bytes,
                TCP_ACK_PSH,
                out);
        tcp(
                endMs,
                5000,
                LabelledScenario.EXFILTRATION_PEER,
                LabelledScenario.EXFILTRATION_HOST,
                443,
                51515,
                Math.max(1, packets / 2),
                Math.max(1, packets / 2) * 52,
                TCP_ACK_PSH,
                out);
    }

    /** A completed TCP connection: the request flow and the response flow. */
    private void tcpConnection(
            long secondMs,
            IpAddress client,
            IpAddress server,
            int port,
            int requestPackets,
            int requestPacketBytes,
            int responsePackets,
            int responsePacketBytes,
            List<FlowRecord> out) {
        long endMs = secondMs + random.nextInt(1000);
        long durationMs = 20 + random.nextInt(2000);
        int clientPort = ephemeralPort();
        long sent = requestPackets / 2 + random.nextInt(requestPackets + 1);
        long received = responsePackets / 2 + random.nextInt(responsePackets + 1);
        tcp(
                endMs,
                durationMs,
                client,
                server,
                clientPort,
                port,
                Math.max(3, sent),
                Math.max(3, sent) * requestPacketBytes,
                TCP_FIN_PSH_ACK_SYN,
                out);
        tcp(
                endMs,
                durationMs,
                server,
                client,
                port,
                clientPort,
                Math.max(2, received),
                Math.max(2, received) * responsePacketBytes,
                TCP_FIN_PSH_ACK_SYN,
                out);
    }

    private void tcp(
            long endMs,
            long durationMs,
            IpAddress source,
            IpAddress destination,
            int sourcePort,
            int destinationPort,
            long packets,
            long bytes,
            int flags,
            List<FlowRecord> out) {
        flow(
                endMs,
                durationMs,
                source,
                destination,
                sourcePort,
                destinationPort,
                FlowRecord.PROTOCOL_TCP,
                packets,
                bytes,
                flags,
                out);
    }

    private void udp(
            long endMs,
            long durationMs,
            IpAddress source,
            IpAddress destination,
            int sourcePort,
            int destinationPort,
            long packets,
            long bytes,
            List<FlowRecord> out) {
        flow(
                endMs,
                durationMs,
                source,
                destination,
                sourcePort,
                destinationPort,
                FlowRecord.PROTOCOL_UDP,
                packets,
                bytes,
                FlowRecord.ABSENT,
                out);
    }

    private void flow(
            long endMs,
            long durationMs,
            IpAddress source,
            IpAddress destination,
            int sourcePort,
            int destinationPort,
            int protocol,
            long packets,
            long bytes,
            int flags,
            List<FlowRecord> out) {
        int exporter = exporterOf(source, destination);
        builder.reset()
                .exporter(exporterAddresses[exporter])
                .observationDomain(0)
                .version(10)
                .sequence(exporterSequences[exporter]++)
                .flowStartMs(endMs - durationMs)
                .flowEndMs(endMs)
                .receivedMs(endMs + 1000)
                .srcAddr(source)
                .dstAddr(destination)
                .srcPort(sourcePort)
                .dstPort(destinationPort)
                .protocol(protocol)
                .packets(packets)
                .bytes(bytes)
                .tcpFlags(flags)
                .tos(0);
        out.add(builder.build());
    }

    /** The exporter (router) of the site of the flow's internal side. */
    private int exporterOf(IpAddress source, IpAddress destination) {
        IpAddress internal = isInternal(source) ? source : destination;
        return Math.floorMod(
                Long.hashCode(internal.low() * 0x9E3779B97F4A7C15L) >>> 1,
                exporterAddresses.length);
    }

    private static boolean isInternal(IpAddress address) {
        return address.isIpv4() && (address.ipv4() >>> 24) == 10;
    }

    private static boolean isOpen(int port) {
        for (int open : OPEN_PORTS) {
            if (open == port) {
                return true;
            }
        }
        return false;
    }

    private int ephemeralPort() {
        return 49152 + random.nextInt(16384);
    }

    private IpAddress pick(IpAddress[] addresses) {
        return addresses[random.nextInt(addresses.length)];
    }

    /** A random public-looking IPv4 address outside 10/8, 127/8, 172.16/12 and 192.168/16. */
    private IpAddress spoofedAddress() {
        int first = 11 + random.nextInt(212);
        if (first == 127 || first == 172 || first == 192) {
            first++;
        }
        return IpAddress.ofIpv4(first << 24 | random.nextInt(1 << 24));
    }

    private IpAddress[] externalAddresses(int count) {
        IpAddress[] addresses = new IpAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = spoofedAddress();
        }
        return addresses;
    }

    private static IpAddress[] internalClients(int count) {
        IpAddress[] addresses = new IpAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = IpAddress.ofIpv4(0x0A01_0000 + 1 + i + i / 254 * 2);
        }
        return addresses;
    }

    private static IpAddress[] lightServers() {
        IpAddress[] servers = new IpAddress[4 + EXISTING_SCAN_TARGETS];
        servers[0] = LabelledScenario.SYN_VICTIM;
        servers[1] = LabelledScenario.UDP_VICTIM;
        servers[2] = LabelledScenario.ICMP_VICTIM;
        servers[3] = LabelledScenario.VERTICAL_TARGET;
        for (int i = 0; i < EXISTING_SCAN_TARGETS; i++) {
            servers[4 + i] = IpAddress.parse("10.0.2." + (i + 1));
        }
        return servers;
    }

    /** A Poisson draw: Knuth's method for small means, a rounded normal beyond 30. */
    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private double gaussian() {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
