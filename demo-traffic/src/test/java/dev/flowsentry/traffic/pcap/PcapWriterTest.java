package dev.flowsentry.traffic.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.flow.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The captures are read back by tshark, an independent dissector that checks every checksum. */
class PcapWriterTest {

    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("198.51.100.20");
    private static final IpAddress CLIENT6 = IpAddress.parse("2001:db8::10");
    private static final IpAddress SERVER6 = IpAddress.parse("2001:db8:1::20");
    private static final Instant START = Instant.parse("2024-03-01T12:00:00.250Z");

    @TempDir Path directory;

    @Test
    void tsharkReadsEveryPacketWithItsFieldsAndGoodChecksums() throws Exception {
        Path file = directory.resolve("mixed.pcap");
        List<Packet> packets =
                List.of(
                        Packet.tcp(CLIENT, 40000, SERVER, 443)
                                .flags(TcpFlags.SYN)
                                .at(START)
                                .build(),
                        Packet.tcp(SERVER, 443, CLIENT, 40000)
                                .flags(TcpFlags.SYN | TcpFlags.ACK)
                                .payloadLength(11)
                                .at(START.plusMillis(1))
                                .build(),
                        Packet.udp(CLIENT6, 53000, SERVER6, 53)
                                .payloadLength(33)
                                .at(START.plusMillis(2))
                                .build(),
                        Packet.icmpEcho(CLIENT, SERVER, 7, 1)
                                .payloadLength(56)
                                .at(START.plusMillis(3))
                                .build(),
                        Packet.icmpEcho(CLIENT6, SERVER6, 7, 2).at(START.plusMillis(4)).build());
        try (PcapWriter pcap = PcapWriter.create(file)) {
            for (Packet packet : packets) {
                pcap.write(packet);
            }
            assertThat(pcap.packetsWritten()).isEqualTo(5);
        }

        List<String> lines =
                tshark(
                        file,
                        "frame.time_epoch",
                        "frame.len",
                        "ip.src",
                        "ipv6.dst",
                        "tcp.flags",
                        "udp.dstport",
                        "icmp.type",
                        "icmpv6.type",
                        "ip.checksum.status",
                        "tcp.checksum.status",
                        "udp.checksum.status",
                        "icmp.checksum.status",
                        "icmpv6.checksum.status");

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("1709294400.250000000|54|192.0.2.10||0x0002|");
        assertThat(lines.get(1)).contains("|65|198.51.100.20||0x0012|");
        assertThat(lines.get(2)).contains("|95||2001:db8:1::20||53|");
        assertThat(lines.get(3)).contains("|98|192.0.2.10||||8|");
        assertThat(lines.get(4)).contains("|62||2001:db8:1::20||||128|");
        for (String line : lines) {
            // status 1 is "good"; 0 would be a bad checksum.
            List<String> statuses = List.of(line.split("\\|", -1)).subList(8, 13);
            assertThat(statuses).allMatch(s -> s.isEmpty() || s.equals("1"), "good or absent");
        }
        assertThat(packets.get(0).ipLength()).isEqualTo(40);
        assertThat(packets.get(2).ipLength()).isEqualTo(40 + 8 + 33);
    }

    @Test
    void aUdpPayloadIsWrittenAsGiven() throws Exception {
        byte[] payload = "export datagram".getBytes(StandardCharsets.US_ASCII);
        Path file = directory.resolve("udp.pcap");
        try (PcapWriter pcap = PcapWriter.create(file)) {
            pcap.write(Packet.udp(CLIENT, 2055, SERVER, 9995).payload(payload).at(START).build());
        }

        List<String> lines = tshark(file, "udp.length", "data.data");

        assertThat(lines).containsExactly((8 + payload.length) + "|" + hex(payload));
    }

    @Test
    void mixingIpv4AndIpv6IsRejected() {
        assertThatThrownBy(() -> Packet.udp(CLIENT, 1, SERVER6, 2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mix IPv4 and IPv6");
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        assertThatThrownBy(() -> Packet.tcp(CLIENT, 70000, SERVER, 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source port must be between 0 and 65535, found 70000");
    }

    @Test
    void theGlobalHeaderIsLibpcapMicrosecondEthernet() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PcapWriter(bytes).close();

        assertThat(hex(bytes.toByteArray()))
                .isEqualTo(
                        "d4c3b2a1"
                                + "0200"
                                + "0400"
                                + "00000000"
                                + "00000000"
                                + "ffff0000"
                                + "01000000");
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }

    private static List<String> tshark(Path file, String... fields) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                "tshark",
                                "-r",
                                file.toString(),
                                "-o",
                                "ip.check_checksum:TRUE",
                                "-o",
                                "tcp.check_checksum:TRUE",
                                "-o",
                                "udp.check_checksum:TRUE",
                                "-T",
                                "fields",
                                "-E",
                                "separator=|"));
        for (String field : fields) {
            command.add("-e");
            command.add(field);
        }
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            return output.lines().toList();
        } finally {
            process.destroyForcibly();
        }
    }
}
