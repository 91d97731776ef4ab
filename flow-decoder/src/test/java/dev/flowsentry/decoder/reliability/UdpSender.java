package dev.flowsentry.decoder.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Sends datagrams from a chosen loopback address to the decoder, paced or as fast as it can. */
final class UdpSender {

    private UdpSender() {}

    /**
     * Sends each of {@code datagrams} in turn, {@code rounds} times over, from {@code
     * sourceAddress} to 127.0.0.1:{@code port}, at {@code perSecond} datagrams a second (0: as fast
     * as the socket takes them); returns how many the kernel accepted.
     */
    static long send(
            List<byte[]> datagrams, int rounds, String sourceAddress, int port, int perSecond)
            throws IOException {
        long sent = 0;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(sourceAddress, 0));
            InetSocketAddress decoder = new InetSocketAddress("127.0.0.1", port);
            long startNanos = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (byte[] datagram : datagrams) {
                    pace(startNanos, sent, perSecond);
                    // send, not write: a connected channel's write skips empty datagrams.
                    if (channel.send(ByteBuffer.wrap(datagram), decoder) == datagram.length) {
                        sent++;
                    }
                }
            }
        }
        return sent;
    }

    /** Sends each of {@code datagrams} once. */
    static long send(List<byte[]> datagrams, String sourceAddress, int port, int perSecond)
            throws IOException {
        return send(datagrams, 1, sourceAddress, port, perSecond);
    }

    private static void pace(long startNanos, long sent, int perSecond) {
        if (perSecond <= 0) {
            return;
        }
        long dueNanos = startNanos + sent * 1_000_000_000L / perSecond;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > TimeUnit.MILLISECONDS.toNanos(1)) {
            LockSupport.parkNanos(waitNanos);
        }
    }
}
