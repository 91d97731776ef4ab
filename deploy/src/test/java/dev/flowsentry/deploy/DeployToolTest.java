package dev.flowsentry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void portsNamesEveryTakenTcpAndUdpPortAndExitsThree() throws Exception {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int status =
                    run(
                            "ports",
                            "--host",
                            "127.0.0.1",
                            "--tcp",
                            String.valueOf(tcp.getLocalPort()),
                            "--udp",
                            String.valueOf(udp.getLocalPort()),
                            "--owners",
                            "kafka,decoder");

            assertThat(status).isEqualTo(3);
            assertThat(err())
                    .contains("kafka 127.0.0.1:" + tcp.getLocalPort() + "/tcp")
                    .contains("decoder 127.0.0.1:" + udp.getLocalPort() + "/udp");
        }
    }

    @Test
    void portsExitsZeroWhenEveryPortIsFree() throws Exception {
        int free;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }

        assertThat(run("ports", "--udp", String.valueOf(free))).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void anUnknownCommandOrAMissingOptionPrintsTheUsageAndExitsTwo() {
        assertThat(run("deploy-everything")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'deploy-everything'").contains("usage:");

        err.reset();
        assertThat(run("flink-jobs")).isEqualTo(2);
        assertThat(err()).contains("option --rest is required");
    }

    @Test
    void aClusterThatDoesNotAnswerIsAFailureWithTheAddress() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }

        assertThat(
                        run(
                                "flink-wait",
                                "--rest",
                                "http://127.0.0.1:" + closed,
                                "--timeout-seconds",
                                "1"))
                .isEqualTo(1);
        assertThat(err()).contains("http://127.0.0.1:" + closed).contains("fewer than 2 slots");
    }

    private int run(String... arguments) {
        return DeployTool.run(
                List.of(arguments),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
