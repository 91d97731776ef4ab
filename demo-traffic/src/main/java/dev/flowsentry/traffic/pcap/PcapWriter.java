package dev.flowsentry.traffic.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a classic libpcap capture file (microsecond timestamps, link type Ethernet) that
 * softflowd, tshark, tcpdump and tcpreplay read.
 *
 * <pre>{@code
 * try (PcapWriter pcap = PcapWriter.create(Path.of("demo.pcap"))) {
 *     pcap.write(Packet.tcp(client, 40000, server, 443).flags(TcpFlags.SYN).at(t0).build());
 * }
 * }</pre>
 *
 * <p>Packets are written in the order given; tools expect non-decreasing timestamps.
 */
public final class PcapWriter implements Closeable {

    /** libpcap's magic number for microsecond timestamps. */
    private static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;

    private static final int LINK_TYPE_ETHERNET = 1;
    private static final int SNAPSHOT_LENGTH = 65535;
    private static final int RECORD_HEADER_BYTES = 16;

    private final OutputStream out;
    private long packetsWritten;

    /** Writes the capture's global header to {@code out}; closing the writer closes it. */
    public PcapWriter(OutputStream out) throws IOException {
        this.out = out;
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_MICROSECONDS).putShort((short) 2).putShort((short) 4);
        header.putInt(0).putInt(0).putInt(SNAPSHOT_LENGTH).putInt(LINK_TYPE_ETHERNET);
        out.write(header.array());
    }

    /** A writer into a new (or truncated) file. */
    public static PcapWriter create(Path file) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    public void write(Packet packet) throws IOException {
        write(packet.timestamp(), packet.frame());
    }

    /** Writes a whole Ethernet frame captured at {@code timestamp}. */
    public void write(Instant timestamp, byte[] frame) throws IOException {
        if (frame.length > SNAPSHOT_LENGTH) {
            throw new IllegalArgumentException(
                    "frame of " + frame.length + " bytes exceeds the capture's 65535");
        }
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt((int) timestamp.getEpochSecond());
        header.putInt(timestamp.getNano() / 1000);
        header.putInt(frame.length).putInt(frame.length);
        out.write(header.array());
        out.write(frame);
        packetsWritten++;
    }

    public long packetsWritten() {
        return packetsWritten;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
