package dev.flowsentry.decoder.testing;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes pcap files of synthetic traffic for softflowd to export: flow {@code i} is one or more UDP
 * or TCP packets from 10.x.y.z to 192.0.2.x (or 198.51.100.x), with its own ports, so that every
 * flow has a unique 5-tuple and the expected records are known.
 */
public final class TestPcap {

    private TestPcap() {}

    /** The 5-tuple and counters of synthetic flow {@code index}. */
    public record Flow(
            int index,
            String srcAddr,
            String dstAddr,
            int srcPort,
            int dstPort,
            int protocol,
            int packets,
            int bytesPerPacket) {

        /** Bytes as softflowd counts them: IP packet lengths. */
        public long bytes() {
            return (long) packets * bytesPerPacket;
        }
    }

    /** Flow {@code index} of a generated file. */
    public static Flow flow(int index, int packetsPerFlow) {
        int protocol = index % 3 == 0 ? 6 : 17;
        int payload = 20 + index % 200;
        int header = protocol == 6 ? 40 : 28;
        return new Flow(
                index,
                "10."
                        + ((index >>> 16) & 0xFF)
                        + "."
                        + ((index >>> 8) & 0xFF)
                        + "."
                        + (index & 0xFF),
                (index % 2 == 0 ? "192.0.2." : "198.51.100.") + (1 + index % 250),
                1024 + index % 60_000,
                index % 5 == 0 ? 53 : 443,
                protocol,
                packetsPerFlow,
                header + payload);
    }

    /**
     * Writes {@code flows} flows of {@code packetsPerFlow} packets each, packets one microsecond
     * apart starting at {@code start}.
     */
    public static void write(Path file, int flows, int packetsPerFlow, Instant start)
            throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            writeGlobalHeader(out);
            long micros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1000;
            for (int packet = 0; packet < packetsPerFlow; packet++) {
                for (int index = 0; index < flows; index++) {
                    writePacket(out, flow(index, packetsPerFlow), micros++, packet);
                }
            }
        }
    }

    private static void writeGlobalHeader(DataOutputStream out) throws IOException {
        out.writeInt(0xa1b2c3d4);
        out.writeShort(2);
        out.writeShort(4);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(65535);
        out.writeInt(1); // LINKTYPE_ETHERNET
    }

    private static void writePacket(DataOutputStream out, Flow flow, long micros, int packetNumber)
            throws IOException {
        byte[] frame = frame(flow, packetNumber);
        out.writeInt((int) (micros / 1_000_000));
        out.writeInt((int) (micros % 1_000_000));
        out.writeInt(frame.length);
        out.writeInt(frame.length);
        out.write(frame);
    }

    private static byte[] frame(Flow flow, int packetNumber) {
        int ipLength = flow.bytesPerPacket();
        byte[] frame = new byte[14 + ipLength];
        frame[12] = 0x08; // EtherType IPv4
        int ip = 14;
        frame[ip] = 0x45;
        frame[ip + 2] = (byte) (ipLength >>> 8);
        frame[ip + 3] = (byte) ipLength;
        frame[ip + 8] = 64;
        frame[ip + 9] = (byte) flow.protocol();
        putAddress(frame, ip + 12, flow.srcAddr());
        putAddress(frame, ip + 16, flow.dstAddr());
        putChecksum(frame, ip);
        int transport = ip + 20;
        putShort(frame, transport, flow.srcPort());
        putShort(frame, transport + 2, flow.dstPort());
        if (flow.protocol() == 6) {
            frame[transport + 12] = 0x50;
            frame[transport + 13] = (byte) (packetNumber == 0 ? 0x02 : 0x10); // SYN, then ACK
            putShort(frame, transport + 14, 65535);
        } else {
            putShort(frame, transport + 4, ipLength - 20);
        }
        return frame;
    }

    private static void putAddress(byte[] frame, int offset, String address) {
        String[] octets = address.split("\\.");
        for (int i = 0; i < 4; i++) {
            frame[offset + i] = (byte) Integer.parseInt(octets[i]);
        }
    }

    private static void putShort(byte[] frame, int offset, int value) {
        frame[offset] = (byte) (value >>> 8);
        frame[offset + 1] = (byte) value;
    }

    private static void putChecksum(byte[] frame, int ip) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((frame[ip + i] & 0xFF) << 8) | (frame[ip + i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        putShort(frame, ip + 10, ~sum & 0xFFFF);
    }
}
