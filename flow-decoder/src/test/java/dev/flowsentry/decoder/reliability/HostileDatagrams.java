package dev.flowsentry.decoder.reliability;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Datagrams a hostile or broken exporter sends, each with the one decode error it must cause (RFC
 * 3954 for NetFlow v9, RFC 7011 for IPFIX).
 */
final class HostileDatagrams {

    /** The largest UDP payload over IPv4: 65,535 - 20 (IP header) - 8 (UDP header). */
    static final int MAX_UDP_PAYLOAD = 65_507;

    static final int NETFLOW_V9_HEADER = 20;
    static final int IPFIX_HEADER = 16;

    private static final int FIRST_TEMPLATE_ID = 256;

    private HostileDatagrams() {}

    /**
     * Template sets declaring templates {@code 256 .. 256 + count - 1} of {@code fields} fields
     * each, packed into datagrams of at most {@code maxBytes}.
     *
     * @param version 9 or 10
     */
    static List<byte[]> templateFlood(int version, int count, int fields, int maxBytes) {
        int headerBytes = version == 9 ? NETFLOW_V9_HEADER : IPFIX_HEADER;
        int templateBytes = 4 + 4 * fields;
        int perDatagram = (maxBytes - headerBytes - 4) / templateBytes;
        List<byte[]> datagrams = new ArrayList<>();
        for (int first = 0; first < count; first += perDatagram) {
            int templates = Math.min(perDatagram, count - first);
            ByteBuffer buffer = ByteBuffer.allocate(headerBytes + 4 + templates * templateBytes);
            header(buffer, version, datagrams.size(), templates);
            buffer.putShort((short) (version == 9 ? 0 : 2));
            buffer.putShort((short) (4 + templates * templateBytes));
            for (int t = 0; t < templates; t++) {
                buffer.putShort((short) (FIRST_TEMPLATE_ID + first + t));
                buffer.putShort((short) fields);
                for (int f = 0; f < fields; f++) {
                    buffer.putShort((short) (1 + f % 100)).putShort((short) 4);
                }
            }
            datagrams.add(buffer.array());
        }
        return datagrams;
    }

    /** Datagrams of {@link #templateFlood} that hit the cap of {@code maxTemplates}. */
    static int floodDatagramsOverTheCap(int count, int fields, int maxBytes, int version, int cap) {
        int headerBytes = version == 9 ? NETFLOW_V9_HEADER : IPFIX_HEADER;
        int perDatagram = (maxBytes - headerBytes - 4) / (4 + 4 * fields);
        int datagrams = (count + perDatagram - 1) / perDatagram;
        return datagrams - cap / perDatagram;
    }

    /** {@code datagram} cut to its first {@code length} bytes. */
    static byte[] truncated(byte[] datagram, int length) {
        return Arrays.copyOf(datagram, length);
    }

    /**
     * A NetFlow v9 datagram of the maximum UDP size whose only flowset (a reserved id, so that only
     * its length matters) claims 65,535 bytes: bad_set_length.
     */
    static byte[] v9SetLongerThanTheDatagram() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_UDP_PAYLOAD);
        header(buffer, 9, 1, 1);
        buffer.putShort((short) 128).putShort((short) 0xFFFF);
        return buffer.array();
    }

    /**
     * An IPFIX message of the maximum UDP size whose header claims 65,535 bytes: length_mismatch.
     */
    static byte[] ipfixLongerThanTheDatagram() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_UDP_PAYLOAD);
        header(buffer, 10, 1, 0);
        buffer.putShort(2, (short) 0xFFFF);
        return buffer.array();
    }

    /**
     * Random bytes of a random length (1 to 65,507) whose first two bytes are no export version
     * this decoder knows: unsupported_version, or truncated_header for a single byte.
     */
    static byte[] garbage(Random random) {
        int length = 1 + random.nextInt(random.nextBoolean() ? 1500 : MAX_UDP_PAYLOAD);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (length >= 2) {
            int version = (bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF);
            if (version == 5 || version == 9 || version == 10) {
                bytes[0] = (byte) 0xFF;
            }
        }
        return bytes;
    }

    /**
     * A NetFlow v9 template {@code templateId} with one field, protocolIdentifier (4) of one byte:
     * its records carry no address, so a full datagram of them is cheap to send and dear to decode.
     */
    static byte[] oneByteTemplate(int templateId) {
        ByteBuffer buffer = ByteBuffer.allocate(NETFLOW_V9_HEADER + 4 + 8);
        header(buffer, 9, 0, 1);
        buffer.putShort((short) 0).putShort((short) 12);
        buffer.putShort((short) templateId).putShort((short) 1);
        buffer.putShort((short) 4).putShort((short) 1);
        return buffer.array();
    }

    /** A NetFlow v9 datagram of the maximum UDP size: one data set of one-byte records. */
    static byte[] maxSizeOneByteRecords(int templateId) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_UDP_PAYLOAD);
        header(buffer, 9, 1, 1);
        buffer.putShort((short) templateId).putShort((short) (MAX_UDP_PAYLOAD - NETFLOW_V9_HEADER));
        while (buffer.hasRemaining()) {
            buffer.put((byte) 17);
        }
        return buffer.array();
    }

    /** Records in {@link #maxSizeOneByteRecords}. */
    static int oneByteRecordsPerDatagram() {
        return MAX_UDP_PAYLOAD - NETFLOW_V9_HEADER - 4;
    }

    private static void header(ByteBuffer buffer, int version, long sequence, int count) {
        long nowSeconds = System.currentTimeMillis() / 1000;
        buffer.putShort((short) version);
        if (version == 9) {
            buffer.putShort((short) count);
            buffer.putInt(3_600_000);
            buffer.putInt((int) nowSeconds);
            buffer.putInt((int) sequence);
            buffer.putInt(1);
        } else {
            buffer.putShort((short) buffer.capacity());
            buffer.putInt((int) nowSeconds);
            buffer.putInt((int) sequence);
            buffer.putInt(1);
        }
    }
}
