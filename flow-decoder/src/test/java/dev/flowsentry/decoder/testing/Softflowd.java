package dev.flowsentry.decoder.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's softflowd, a real NetFlow exporter, over a pcap file. */
public final class Softflowd {

    private Softflowd() {}

    /**
     * Runs {@code softflowd -r pcap -n 127.0.0.1:port -v version} to completion: it exports every
     * flow of the file, then exits.
     */
    public static void export(Path pcap, int port, int version)
            throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(
                                "softflowd",
                                "-r",
                                pcap.toString(),
                                "-n",
                                "127.0.0.1:" + port,
                                "-v",
                                String.valueOf(version),
                                "-m",
                                "100000")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("softflowd did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("softflowd exited with " + process.exitValue());
            }
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Captures the export datagrams softflowd sends for {@code pcap}: binds a socket, runs
     * softflowd against it, and returns every datagram in order.
     */
    public static List<byte[]> capture(Path pcap, int version)
            throws IOException, InterruptedException {
        List<byte[]> datagrams = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setReceiveBufferSize(32 << 20);
            Thread exporter =
                    new Thread(
                            () -> {
                                try {
                                    export(pcap, socket.getLocalPort(), version);
                                } catch (IOException | InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            exporter.start();
            socket.setSoTimeout(2000);
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    if (!exporter.isAlive()) {
                        break;
                    }
                    continue;
                }
                datagrams.add(Arrays.copyOf(packet.getData(), packet.getLength()));
            }
            exporter.join();
        }
        return datagrams;
    }
}
