package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.encoding.CefAlertEncoder;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over TLS (RFC 5425) to the JDK's own TLS server socket, with a key pair made by keytool
 * and trusted through a configured trust store.
 */
class SyslogTlsDeliveryTest {

    @TempDir static Path certificateDirectory;
    private static TestCertificates certificates;

    @TempDir Path directory;
    private SSLServerSocket server;
    private Thread acceptor;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile boolean closeAfterEachFrame;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = new TestCertificates(certificateDirectory);
    }

    @BeforeEach
    void startServer() throws Exception {
        server =
                (SSLServerSocket)
                        certificates
                                .serverContext()
                                .getServerSocketFactory()
                                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptConnections, "tls-syslog-server");
        acceptor.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        acceptor.join(5_000);
    }

    @Test
    void octetCountedFramesArriveOverTlsWithCefPayload() throws Exception {
        Path password =
                Files.writeString(directory.resolve("trust-pass"), TestCertificates.TRUST_PASSWORD);
        List<Alert> alerts = List.copyOf(SampleAlerts.all().values()).subList(0, 3);

        try (WorkerHarness harness = trustingHarness(password)) {
            for (Alert alert : alerts) {
                harness.deliver(alert);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 3);
            assertThat(harness.delivered()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                Alert alert = alerts.get(i);
                assertThat(frames.get(i))
                        .startsWith("<" + (16 * 8 + SyslogMessage.severity(alert)) + ">1 ")
                        .contains(" test-host flowsentry - " + alert.type().code() + " - ")
                        .endsWith(new CefAlertEncoder().encode(alert));
            }
        }
    }

    @Test
    void receiverThatClosedTheConnectionGetsTheNextAlertOnANewOne() throws Exception {
        Path password =
                Files.writeString(directory.resolve("trust-pass"), TestCertificates.TRUST_PASSWORD);
        closeAfterEachFrame = true;

        try (WorkerHarness harness = trustingHarness(password)) {
            harness.deliver(SampleAlerts.synFloodStart());
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> connections.get(0).isClosed());

            harness.deliver(SampleAlerts.all().get("scan-horizontal-start"));

            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
            assertThat(connections).hasSize(2);
        }
    }

    @Test
    void untrustedServerIsRetriedThenDeadLettered() throws Exception {
        try (WorkerHarness harness =
                new WorkerHarness(
                        directory,
                        Map.of(),
                        "--to",
                        "syslog+tls://localhost:" + server.getLocalPort(),
                        "--max-attempts",
                        "2",
                        "--initial-backoff",
                        "10ms")) {
            harness.deliver(SampleAlerts.synFloodStart());

            assertThat(frames).isEmpty();
            assertThat(harness.retried()).isEqualTo(1);
            assertThat(harness.deadLettered()).isEqualTo(1);
        }
    }

    private WorkerHarness trustingHarness(Path password) throws UsageException {
        return new WorkerHarness(
                directory,
                Map.of(),
                "--to",
                "syslog+tls://localhost:" + server.getLocalPort(),
                "--tls-trust-store",
                certificates.trustStore.toString(),
                "--tls-trust-store-password-file",
                password.toString(),
                "--syslog-hostname",
                "test-host");
    }

    private void acceptConnections() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                readFrames(connection);
            } catch (IOException e) {
                // Server closed, or a client that failed its handshake: accept the next one.
            }
        }
    }

    /** RFC 5425 section 4.3: MSG-LEN SP SYSLOG-MSG, repeated. */
    private void readFrames(Socket connection) throws IOException {
        try (connection) {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            while (true) {
                int length = readLength(in);
                byte[] message = new byte[length];
                in.readFully(message);
                frames.add(new String(message, StandardCharsets.UTF_8));
                if (closeAfterEachFrame) {
                    return;
                }
            }
        } catch (EOFException e) {
            // The client closed the connection.
        }
    }

    private static int readLength(InputStream in) throws IOException {
        int length = 0;
        int c;
        while ((c = in.read()) != ' ') {
            if (c < 0) {
                throw new EOFException();
            }
            assertThat((char) c).isBetween('0', '9');
            length = length * 10 + (c - '0');
        }
        return length;
    }
}
