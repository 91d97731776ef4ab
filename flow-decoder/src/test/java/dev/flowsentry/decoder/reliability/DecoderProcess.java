package dev.flowsentry.decoder.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The decoder as users run it: {@code java -jar target/flow-decoder.jar} in its own JVM, on a UDP
 * port and a metrics port chosen once, so that it can be terminated (SIGTERM), killed (SIGKILL) and
 * launched again on the same ports with the same options and state directory.
 *
 * <p>Its logs go to {@code target/reliability/NAME/decoder-N.log} (one per launch), where they stay
 * after a failure. Always close it: {@link #close()} kills the process if it still runs.
 */
final class DecoderProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "flow-decoder.jar");
    private static final Path LOGS = Path.of("target", "reliability");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(60);

    private final Path directory;
    private final List<String> jvmOptions;
    private final List<String> options;
    private final int udpPort;
    private final int metricsPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int launches;

    private DecoderProcess(Path directory, List<String> jvmOptions, List<String> options)
            throws IOException {
        this.directory = directory;
        this.jvmOptions = jvmOptions;
        this.options = options;
        this.udpPort = freeUdpPort();
        this.metricsPort = freeTcpPort();
    }

    /**
     * Launches the decoder and waits until it receives.
     *
     * @param name names the directory of its logs
     * @param jvmOptions for example {@code -Xmx256m}
     * @param options decoder options; listen and metrics options are added
     */
    static DecoderProcess start(String name, List<String> jvmOptions, String... options)
            throws IOException, InterruptedException {
        Path directory = LOGS.resolve(name);
        Files.createDirectories(directory);
        try (var logs = Files.newDirectoryStream(directory, "decoder-*.log")) {
            for (Path log : logs) {
                Files.delete(log);
            }
        }
        DecoderProcess decoder = new DecoderProcess(directory, jvmOptions, List.of(options));
        decoder.launch();
        return decoder;
    }

    /** Launches the decoder again (after {@link #terminate()} or {@link #kill()}). */
    void launch() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("the decoder already runs");
        }
        launches++;
        process =
                new ProcessBuilder(command())
                        .redirectErrorStream(true)
                        .redirectOutput(log().toFile())
                        .start();
        awaitStarted();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(
                List.of(
                        "--listen",
                        "127.0.0.1:" + udpPort,
                        "--metrics-port",
                        String.valueOf(metricsPort),
                        "--metrics-address",
                        "127.0.0.1"));
        command.addAll(options);
        return command;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the decoder exited at start: " + Files.readString(log()));
            }
            if (Files.readString(log()).contains("Flow decoder started")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the decoder did not start within " + STARTUP + ": " + log());
    }

    /** SIGTERM, as systemd or Kubernetes stop it; waits until it has drained and exited. */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the decoder did not stop within " + STOP);
        }
    }

    /** SIGKILL, as a crash or the OOM killer: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    int udpPort() {
        return udpPort;
    }

    long pid() {
        return process.pid();
    }

    /** The log of the current (or last) launch. */
    Path log() {
        return directory.resolve("decoder-" + launches + ".log");
    }

    /** Its {@code /metrics}, scraped now. */
    ScrapedMetrics metrics() throws IOException, InterruptedException {
        return ScrapedMetrics.parse(get("/metrics").body());
    }

    /** The HTTP status of {@code /health}. */
    int healthStatus() throws IOException, InterruptedException {
        return get("/health").statusCode();
    }

    /** The resident set size of the process, from {@code /proc/PID/status}. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid() + "", "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The heap that is live: a full collection ({@code jcmd PID GC.run}), then the heap used that
     * the decoder's own metrics report.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        Process jcmd =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                String.valueOf(pid()),
                                "GC.run")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd GC.run failed on the decoder");
        }
        return (long) metrics().value("jvm_memory_used_bytes{area=\"heap\"}");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                        .timeout(Duration.ofSeconds(10))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
