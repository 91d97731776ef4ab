package dev.flowsentry.decoder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.decoder.config.Option;
import dev.flowsentry.decoder.testing.Datagrams;
import dev.flowsentry.decoder.testing.NetFlowV5;
import dev.flowsentry.decoder.testing.TopicReader;
import dev.flowsentry.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar flow-decoder/target/flow-decoder.jar}. */
class CommandLineIT {

    private static final Path JAR = Path.of("target", "flow-decoder.jar");

    @TempDir Path directory;

    @Test
    void helpListsEveryOptionAndExitsZero() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode).isZero();
        for (Option option : Option.values()) {
            assertThat(result.stdout).contains(option.flag());
        }
        assertThat(result.stdout)
                .contains("[default: 0.0.0.0:2055]", "[default: flows]", "[default: 9191]");
    }

    @Test
    void aBadOptionStopsItWithAMessageNamingTheOption() throws Exception {
        Result badValue = run("--bootstrap-servers", "127.0.0.1:9092", "--receive-threads", "many");
        Result unknown = run("--bootstrap-servers", "127.0.0.1:9092", "--listen-port", "2055");

        assertThat(badValue.exitCode).isEqualTo(2);
        assertThat(badValue.stderr).contains("--receive-threads: not a number: 'many'");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.stderr).contains("--listen-port: unknown option");
    }

    @Test
    void stdoutModePrintsOneJsonLinePerRecordAndLogsToStderr() throws Exception {
        int port = freeUdpPort();
        Path out = directory.resolve("stdout.txt");
        Path err = directory.resolve("stderr.txt");
        Process decoder =
                launch(
                        out,
                        err,
                        "--stdout",
                        "--listen",
                        "127.0.0.1:" + port,
                        "--metrics-port",
                        "-1",
                        "--state-dir",
                        "none");
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(err).contains("Flow decoder started"));
            try (Datagrams exporter = new Datagrams("127.0.0.1", port)) {
                exporter.send(NetFlowV5.datagram(System.currentTimeMillis(), 0, 30, 1000));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readAllLines(out).size() == 30);
        } finally {
            decoder.destroy();
            decoder.waitFor(30, TimeUnit.SECONDS);
            decoder.destroyForcibly();
        }
        assertThat(Files.readAllLines(out))
                .allMatch(
                        line ->
                                line.startsWith(
                                        "{\"schema_version\":1,\"exporter\":\"127.0.0.1\""));
        assertThat(Files.readString(err))
                .contains("No exporter allow-list")
                .doesNotContain("\"schema_version\"");
    }

    @Test
    void onSigtermItDrainsFlushesToKafkaAndSavesTemplates() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("flows", 1);
            int port = freeUdpPort();
            Path state = directory.resolve("state");
            Path err = directory.resolve("stderr.txt");
            Process decoder =
                    launch(
                            directory.resolve("stdout.txt"),
                            err,
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--listen",
                            "127.0.0.1:" + port,
                            "--metrics-port",
                            "-1",
                            "--state-dir",
                            state.toString(),
                            "--linger-ms",
                            "1000");
            int datagrams = 200;
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> Files.readString(err).contains("Flow decoder started"));
                try (Datagrams exporter = new Datagrams("127.0.0.1", port)) {
                    for (int i = 0; i < datagrams; i++) {
                        exporter.send(
                                NetFlowV5.datagram(
                                        System.currentTimeMillis(), (long) i * 30, 30, 1000));
                    }
                }
                decoder.destroy();
                assertThat(decoder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                decoder.destroyForcibly();
            }

            assertThat(TopicReader.count(kafka.bootstrapServers(), "flows"))
                    .isEqualTo(datagrams * 30L);
            assertThat(state.resolve("templates.bin")).exists();
            assertThat(Files.readString(err))
                    .contains(
                            "Flow decoder stopped: "
                                    + datagrams
                                    + " datagrams received, "
                                    + datagrams * 30
                                    + " records published, 0 dropped");
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private Result run(String... arguments) throws Exception {
        Path out = directory.resolve("run-stdout.txt");
        Path err = directory.resolve("run-stderr.txt");
        Process process = launch(out, err, arguments);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Process launch(Path out, Path err, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
