package dev.flowsentry.traffic.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.traffic.pcap.PcapWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flows rendered back into packets, read by tshark: counts, bytes, flags, times and order. */
class PacketRendererTest {

    @TempDir Path directory;

    @Test
    void eachFlowBecomesItsPacketsWithItsBytesAndFlagsInTimeOrder() throws Exception {
        assumeTrue(
                TsharkDecoding.isInstalled(),
                "tshark is not installed (deploy/test.sh installs it)");
        long startMs = ExportFixtures.START.toEpochMilli();
        FlowRecord tcp =
                FlowRecord.builder()
                        .from(ExportFixtures.tcpFlow(5, startMs, startMs + 2_000))
                        .srcPort(41000)
                        .bytes(15 * 1000 + 7)
                        .packets(15)
                        .build();
        FlowRecord icmp = ExportFixtures.icmpFlow(startMs + 500, startMs + 1_500);
        FlowRecord ipv6 = ExportFixtures.ipv6Flow(startMs + 100, startMs + 100);
        Path capture = directory.resolve("flows.pcap");

        PacketRenderer renderer = new PacketRenderer();
        List.of(tcp, icmp, ipv6).forEach(renderer::add);
        try (PcapWriter pcap = PcapWriter.create(capture)) {
            assertThat(renderer.writeTo(pcap)).isEqualTo(15 + 4 + 2);
        }

        List<String[]> packets = tshark(capture);
        assertThat(packets).hasSize(21);
        List<Double> times = packets.stream().map(fields -> Double.parseDouble(fields[0])).toList();
        assertThat(times).isSorted();
        Map<String, long[]> perSource = new TreeMap<>();
        for (String[] fields : packets) {
            long[] totals =
                    perSource.computeIfAbsent(
                            fields[1] + fields[2] + ":" + fields[3], key -> new long[3]);
            totals[0]++;
            totals[1] += Long.parseLong(fields[4].isEmpty() ? fields[5] : fields[4]);
            totals[2] |= fields[6].isEmpty() ? 0 : Long.decode(fields[6]);
        }
        assertThat(perSource.get("10.0.0.6:41000"))
                .containsExactly(
                        15, 15_007, FlowRecord.TCP_SYN | FlowRecord.TCP_ACK | FlowRecord.TCP_FIN);
        assertThat(perSource.get("203.0.113.9:")).containsExactly(4, 336, 0);
        assertThat(perSource.get("2001:db8::10:53000")).containsExactly(2, 180, 0);
        List<Integer> tcpFlags =
                packets.stream()
                        .filter(fields -> !fields[6].isEmpty())
                        .map(fields -> Integer.decode(fields[6]))
                        .toList();
        assertThat(tcpFlags.get(0) & (FlowRecord.TCP_SYN | FlowRecord.TCP_FIN))
                .isEqualTo(FlowRecord.TCP_SYN);
        assertThat(tcpFlags.get(tcpFlags.size() - 1) & (FlowRecord.TCP_SYN | FlowRecord.TCP_FIN))
                .isEqualTo(FlowRecord.TCP_FIN);
        assertThat(tcpFlags.subList(1, tcpFlags.size() - 1)).containsOnly(FlowRecord.TCP_ACK);
    }

    /**
     * Per packet: epoch time, IPv4 source, IPv6 source, source port, IPv4 length, IPv6 payload +
     * 40, TCP flags.
     */
    private static List<String[]> tshark(Path capture) throws Exception {
        Process process =
                new ProcessBuilder(
                                "tshark",
                                "-n",
                                "-r",
                                capture.toString(),
                                "-T",
                                "fields",
                                "-E",
                                "separator=|",
                                "-e",
                                "frame.time_epoch",
                                "-e",
                                "ip.src",
                                "-e",
                                "ipv6.src",
                                "-e",
                                "tcp.srcport",
                                "-e",
                                "ip.len",
                                "-e",
                                "ipv6.plen",
                                "-e",
                                "tcp.flags",
                                "-e",
                                "udp.srcport")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String[]> packets = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\\|", -1);
            if (!fields[5].isEmpty()) {
                fields[5] = String.valueOf(Long.parseLong(fields[5]) + 40);
            }
            if (fields[3].isEmpty()) {
                fields[3] = fields[7];
            }
            packets.add(fields);
        }
        return packets;
    }
}
