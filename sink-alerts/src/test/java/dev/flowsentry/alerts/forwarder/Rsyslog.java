package dev.flowsentry.alerts.forwarder;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's rsyslogd as a child process with a configuration of its own in a temporary directory:
 * imudp and imtcp on loopback ports, no system socket (imuxsock is not loaded), no root needed.
 * Every message is written twice: raw (the frame's content, {@code %rawmsg%}) and as the fields
 * rsyslog parsed from it.
 */
final class Rsyslog implements AutoCloseable {

    private static final String RSYSLOGD = "/usr/sbin/rsyslogd";

    final Path directory;
    final int udpPort;
    final int tcpPort;
    private final Process process;

    private Rsyslog(Path directory, int udpPort, int tcpPort, Process process) {
        this.directory = directory;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.process = process;
    }

    /** Starts rsyslogd and waits until both inputs listen. */
    static Rsyslog start(Path directory) throws IOException {
        if (!Files.isExecutable(Path.of(RSYSLOGD))) {
            throw new IllegalStateException(
                    RSYSLOGD + " is missing: install Debian's rsyslog (deploy/test.sh does)");
        }
        int udpPort = freeUdpPort();
        Path configuration = directory.resolve("rsyslog.conf");
        Files.writeString(configuration, configuration(directory, udpPort));
        Process process =
                new ProcessBuilder(
                                RSYSLOGD,
                                "-n",
                                "-f",
                                configuration.toString(),
                                "-i",
                                directory.resolve("rsyslogd.pid").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("rsyslogd.out").toFile())
                        .start();
        try {
            Path tcpPortFile = directory.resolve("tcp.port");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> isListening(process, tcpPortFile, udpPort));
            int tcpPort = Integer.parseInt(Files.readString(tcpPortFile).trim());
            return new Rsyslog(directory, udpPort, tcpPort, process);
        } catch (RuntimeException | IOException e) {
            stop(process);
            throw e;
        }
    }

    private static String configuration(Path directory, int udpPort) {
        return """
                global(workDirectory="%1$s" processInternalMessages="on" maxMessageSize="64k")
                module(load="imudp")
                module(load="imtcp")
                input(type="imudp" address="127.0.0.1" port="%2$d")
                input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="%1$s/tcp.port")
                template(name="raw" type="string" string="%%rawmsg%%\\n")
                template(name="parsed" type="string"
                         string="%%pri%%|%%hostname%%|%%app-name%%|%%msgid%%|%%msg%%\\n")
                action(type="omfile" file="%1$s/raw.log" template="raw")
                action(type="omfile" file="%1$s/parsed.log" template="parsed")
                """
                .formatted(directory, udpPort);
    }

    private static boolean isListening(Process process, Path tcpPortFile, int udpPort) {
        if (!process.isAlive()) {
            throw new IllegalStateException("rsyslogd exited with " + process.exitValue());
        }
        return Files.exists(tcpPortFile) && isUdpPortTaken(udpPort);
    }

    /** A port that this JVM cannot bind is rsyslog's. */
    private static boolean isUdpPortTaken(int port) {
        try (DatagramSocket probe =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return false;
        } catch (BindException e) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    /** The lines rsyslog wrote to {@code raw.log} or {@code parsed.log} so far. */
    List<String> lines(String file) throws IOException {
        Path path = directory.resolve(file);
        return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
