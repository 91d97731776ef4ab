package dev.flowsentry.decoder.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Sends datagrams from a chosen loopback source address, as if from distinct exporters. */
public final class Datagrams implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress target;

    /** A sender bound to {@code source} (for example 127.0.0.2) aiming at 127.0.0.1:port. */
    public Datagrams(String source, int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.setSendBufferSize(4 << 20);
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    @Override
    public void close() {
        socket.close();
    }
}
