package dev.flowsentry.decoder.testing;

import java.nio.ByteBuffer;

/**
 * Builds NetFlow v5 export datagrams with a chosen exporter clock: a mis-clocked exporter is one
 * whose {@code unix_secs} is off. Every record's first and last times are a little before the
 * header's sysUptime, so its flow end time follows the exporter clock.
 */
public final class NetFlowV5 {

    /** Records a v5 datagram may carry. */
    public static final int MAX_RECORDS = 30;

    private NetFlowV5() {}

    /**
     * A datagram of {@code records} flows stamped by an exporter whose clock reads {@code
     * exporterClockMs}; flow {@code i} has source port {@code firstSrcPort + i}.
     */
    public static byte[] datagram(
            long exporterClockMs, long sequence, int records, int firstSrcPort) {
        ByteBuffer buffer = ByteBuffer.allocate(24 + 48 * records);
        long uptimeMs = 3_600_000;
        buffer.putShort((short) 5).putShort((short) records);
        buffer.putInt((int) uptimeMs);
        buffer.putInt((int) (exporterClockMs / 1000))
                .putInt((int) (exporterClockMs % 1000) * 1_000_000);
        buffer.putInt((int) sequence);
        buffer.put((byte) 0).put((byte) 0).putShort((short) 0);
        for (int i = 0; i < records; i++) {
            buffer.putInt(0x0A000001 + i); // src 10.0.0.1 + i
            buffer.putInt(0xC0000201); // dst 192.0.2.1
            buffer.putInt(0); // next hop
            buffer.putShort((short) 1).putShort((short) 2); // input, output interface
            buffer.putInt(3); // packets
            buffer.putInt(180); // bytes
            buffer.putInt((int) (uptimeMs - 2000)); // first
            buffer.putInt((int) (uptimeMs - 1000)); // last
            buffer.putShort((short) (firstSrcPort + i)).putShort((short) 443);
            buffer.put((byte) 0)
                    .put((byte) 0x1B)
                    .put((byte) 6)
                    .put((byte) 0); // pad, flags, proto, tos
            buffer.putShort((short) 0).putShort((short) 0); // AS
            buffer.put((byte) 24).put((byte) 24).putShort((short) 0); // masks, pad
        }
        return buffer.array();
    }
}
