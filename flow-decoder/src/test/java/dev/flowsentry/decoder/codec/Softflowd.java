package dev.flowsentry.decoder.codec;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs Debian's softflowd, a real NetFlow/IPFIX exporter, over a capture file and collects the
 * export datagrams it sends to a socket the test binds on an ephemeral loopback port.
 */
final class Softflowd {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int IDLE_RECEIVE_MS = 500;

    private Softflowd() {}

    /**
     * Exports {@code pcap} with {@code options} (for example {@code -v 9}) and returns every
     * datagram received, in order.
     */
    static List<byte[]> export(Path pcap, Path workDirectory, String... options)
            throws IOException, InterruptedException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setReceiveBufferSize(8 * 1024 * 1024);
            socket.setSoTimeout(IDLE_RECEIVE_MS);
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    "softflowd",
                                    "-d",
                                    "-r",
                                    pcap.toString(),
                                    "-n",
                                    "127.0.0.1:" + socket.getLocalPort(),
                                    "-p",
                                    workDirectory.resolve("softflowd.pid").toString(),
                                    "-c",
                                    // No control socket: nothing here talks to it.
                                    "none"));
            command.addAll(Arrays.asList(options));
            Process process =
                    new ProcessBuilder(command)
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .redirectErrorStream(true)
                            .redirectOutput(workDirectory.resolve("softflowd.log").toFile())
                            .start();
            try {
                return receiveUntilDone(socket, process);
            } finally {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    private static List<byte[]> receiveUntilDone(DatagramSocket socket, Process process)
            throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        byte[] buffer = new byte[65535];
        while (Instant.now().isBefore(deadline)) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                datagrams.add(Arrays.copyOf(packet.getData(), packet.getLength()));
            } catch (SocketTimeoutException idle) {
                if (!process.isAlive()) {
                    return datagrams;
                }
            }
        }
        throw new IllegalStateException("softflowd did not finish within " + DEADLINE);
    }
}
