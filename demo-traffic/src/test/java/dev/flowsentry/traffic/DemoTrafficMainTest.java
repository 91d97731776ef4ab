package dev.flowsentry.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrafficMainTest {

    @TempDir Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void labelsWritesTheGroundTruthAndTheJobParametersThatFitTheScale() throws Exception {
        Path labels = directory.resolve("labels.json");
        Path parameters = directory.resolve("job.properties");

        int status =
                run(
                        "labels",
                        "--scale",
                        "2",
                        "--labels",
                        labels.toString(),
                        "--parameters",
                        parameters.toString());

        assertThat(status).isZero();
        assertThat(Files.readString(labels))
                .contains("\"syn_flood\"")
                .contains("\"horizontal\"")
                .contains("\"benign\"");
        assertThat(Files.readAllLines(parameters)).contains("window = 10s", "dos.syn.floor = 40");
    }

    @Test
    void exportSendsTheScenarioAsIpfixToTheCollector() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setReceiveBufferSize(4 * 1024 * 1024);
            collector.setSoTimeout(5_000);

            int status =
                    run(
                            "export",
                            "--to",
                            "127.0.0.1:" + collector.getLocalPort(),
                            "--protocol",
                            "ipfix",
                            "--scale",
                            "0.05",
                            "--warmup",
                            "1m",
                            "--max-datagrams-per-second",
                            "2000");

            assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
            DatagramPacket first = new DatagramPacket(new byte[65_535], 65_535);
            collector.receive(first);
            assertThat(ByteBuffer.wrap(first.getData()).getShort(0)).isEqualTo((short) 10);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .containsPattern("exported \\d+ flows in \\d+ datagrams");
        }
    }

    @Test
    void aBadCommandLineExitsTwoWithTheUsage() {
        assertThat(run("replay")).isEqualTo(2);
        assertThat(run("export", "--protocol", "v5", "--to", "127.0.0.1:2055")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("netflow9 or ipfix")
                .contains("usage:");
    }

    private int run(String... arguments) {
        return DemoTrafficMain.run(
                arguments,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
