package dev.flowsentry.decoder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.decoder.testing.NetFlowV9;
import dev.flowsentry.decoder.testing.Softflowd;
import dev.flowsentry.decoder.testing.TestPcap;
import dev.flowsentry.decoder.testing.TopicReader;
import dev.flowsentry.testing.KafkaBrokerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ingest benchmark: replays a captured softflowd NetFlow v9 export stream over UDP at
 * increasing rates into the decoder (its shaded jar, in its own JVM) publishing to a local KRaft
 * broker (its own JVM), and into pmacct's nfacctd with its Kafka plugin in the same run; prints,
 * per rate, datagrams sent, flows expected, flows that landed in each collector's topic, and the
 * highest lossless rate.
 *
 * <p>Run it as README.md shows ({@code mvn ... exec:exec ... IngestBench}). Options: {@code --rates
 * 1000,2000,...} datagrams per second, {@code --seconds N} per rate, {@code --flows N} in the
 * capture, {@code --decoder-jvm "FLAGS"}, {@code --decoder-args "OPTIONS"} (extra decoder options,
 * for tuning), {@code --exporters N} (simulated exporters, each replaying the capture), {@code
 * --skip-nfacctd}, {@code --skip-decoder}.
 */
public final class IngestBench {

    private final Map<String, String> options;
    private final Path workDirectory;
    private List<byte[]> stream;
    private int[] recordsPerDatagram;

    private IngestBench(Map<String, String> options) throws IOException {
        this.options = options;
        this.workDirectory = Path.of(option("dir", "target/ingest-bench")).toAbsolutePath();
        Files.createDirectories(workDirectory);
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i].replaceFirst("^--", "");
            boolean hasValue = i + 1 < arguments.length && !arguments[i + 1].startsWith("--");
            options.put(name, hasValue ? arguments[++i] : "true");
        }
        // Whatever happens, no broker, decoder or nfacctd outlives the bench.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () ->
                                        ProcessHandle.current()
                                                .descendants()
                                                .forEach(ProcessHandle::destroyForcibly)));
        new IngestBench(options).run();
        System.exit(0);
    }

    private String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    private void run() throws Exception {
        capture();
        long[] rates =
                Arrays.stream(option("rates", "1000,2000,5000,10000,15000,20000").split(","))
                        .mapToLong(Long::parseLong)
                        .toArray();
        Duration step = Duration.ofSeconds(Long.parseLong(option("seconds", "5")));
        Path brokerDirectory = workDirectory.resolve("broker-" + System.nanoTime());
        try (KafkaBrokerProcess broker =
                KafkaBrokerProcess.start(
                        brokerDirectory,
                        Map.of("num.network.threads", "2", "num.io.threads", "2"))) {
            broker.createTopic("decoder", 1, Map.of());
            broker.createTopic("nfacctd", 1, Map.of());
            List<Result> results = new ArrayList<>();
            Collector decoder = options.containsKey("skip-decoder") ? null : startDecoder(broker);
            Collector nfacctd = options.containsKey("skip-nfacctd") ? null : startNfacctd(broker);
            try {
                warmUp(decoder, broker);
                for (long rate : rates) {
                    Result result = new Result(rate);
                    if (decoder != null) {
                        result.decoder = measure(decoder, broker, rate, step, false);
                    }
                    if (nfacctd != null) {
                        result.nfacctd = measure(nfacctd, broker, rate, step, true);
                    }
                    results.add(result);
                    System.out.println(result.line());
                }
            } finally {
                if (decoder != null) {
                    decoder.stop();
                }
                if (nfacctd != null) {
                    nfacctd.stop();
                }
            }
            report(results);
        }
    }

    /** Generates a pcap, has softflowd export it as NetFlow v9 to us, and keeps the datagrams. */
    private void capture() throws Exception {
        int flows = Integer.parseInt(option("flows", "200000"));
        Path pcap = workDirectory.resolve("bench-" + flows + ".pcap");
        TestPcap.write(pcap, flows, 1, Instant.now().minusSeconds(60));
        stream = Softflowd.capture(pcap, 9);
        int recordLength = -1;
        for (byte[] datagram : stream) {
            if (NetFlowV9.hasTemplate(datagram)) {
                recordLength = NetFlowV9.templateRecordLength(datagram);
                break;
            }
        }
        recordsPerDatagram = new int[stream.size()];
        long total = 0;
        for (int i = 0; i < stream.size(); i++) {
            recordsPerDatagram[i] = NetFlowV9.dataRecords(stream.get(i), recordLength);
            total += recordsPerDatagram[i];
        }
        System.out.printf(
                Locale.ROOT,
                "capture: %d flows generated, softflowd sent %d NetFlow v9 datagrams with %d data records (%.1f per datagram, record %d bytes)%n",
                flows,
                stream.size(),
                total,
                (double) total / stream.size(),
                recordLength);
        if (total < flows * 0.99) {
            throw new IllegalStateException(
                    "capture lost datagrams: " + total + " of " + flows + " flows");
        }
    }

    private Collector startDecoder(KafkaBrokerProcess broker) throws Exception {
        int port = freePort();
        int metricsPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                Arrays.asList(
                        option("decoder-jvm", "-Xms512m -Xmx1g -XX:+UseParallelGC").split(" ")));
        command.addAll(
                List.of(
                        "-jar",
                        option("jar", "target/flow-decoder.jar"),
                        "--listen",
                        "127.0.0.1:" + port,
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--topic",
                        "decoder",
                        "--metrics-port",
                        String.valueOf(metricsPort),
                        "--metrics-address",
                        "127.0.0.1",
                        "--state-dir",
                        "none",
                        "--allow",
                        "127.0.0.0/8"));
        for (String setting : option("decoder-args", "").trim().split("\\s+")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                command.add("--" + setting.substring(0, equals));
                command.add(setting.substring(equals + 1));
            }
        }
        System.out.println("decoder: " + String.join(" ", command));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(workDirectory.resolve("decoder.log").toFile())
                        .start();
        Collector decoder = new Collector("decoder", "decoder", port, process, metricsPort);
        awaitHttp(decoder, "/health");
        return decoder;
    }

    private Collector startNfacctd(KafkaBrokerProcess broker) throws Exception {
        int port = freePort();
        Path config = workDirectory.resolve("nfacctd.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "daemonize: false",
                        "nfacctd_ip: 127.0.0.1",
                        "nfacctd_port: " + port,
                        "nfacctd_pipe_size: 33554432",
                        "plugins: kafka",
                        "aggregate: src_host, dst_host, src_port, dst_port, proto",
                        "kafka_output: json",
                        "kafka_broker_host: 127.0.0.1",
                        "kafka_broker_port: " + broker.port(),
                        "kafka_topic: nfacctd",
                        "kafka_refresh_time: 1",
                        "plugin_pipe_size: 10240000",
                        "plugin_buffer_size: 10240",
                        "logfile: " + workDirectory.resolve("nfacctd.log"),
                        ""));
        Process process =
                new ProcessBuilder("nfacctd", "-f", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(workDirectory.resolve("nfacctd.out").toFile())
                        .start();
        if (process.waitFor(3, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    "nfacctd exited: " + Files.readString(workDirectory.resolve("nfacctd.out")));
        }
        return new Collector("nfacctd", "nfacctd", port, process, -1);
    }

    /** Ten seconds at 2000 datagrams/s so that the decoder's JIT has compiled the hot paths. */
    private void warmUp(Collector decoder, KafkaBrokerProcess broker) throws Exception {
        if (decoder == null) {
            return;
        }
        Measurement warmUp = measure(decoder, broker, 2000, Duration.ofSeconds(10), false);
        System.out.printf(
                Locale.ROOT,
                "warm-up: %d datagrams, %d flows expected, %d landed%n",
                warmUp.datagrams,
                warmUp.flowsExpected,
                warmUp.flowsLanded);
    }

    private Measurement measure(
            Collector collector,
            KafkaBrokerProcess broker,
            long rate,
            Duration duration,
            boolean sumPackets)
            throws Exception {
        long before = TopicReader.count(broker.bootstrapServers(), collector.topic);
        Duration cpuBefore = collector.cpu();
        Measurement measurement = send(collector.port, rate, duration);
        long after =
                awaitQuiet(
                        broker,
                        collector.topic,
                        sumPackets ? Duration.ofSeconds(4) : Duration.ofSeconds(3));
        measurement.cpuSeconds = (collector.cpu().toMillis() - cpuBefore.toMillis()) / 1000.0;
        measurement.flowsLanded =
                sumPackets ? sumPackets(broker, collector.topic, before, after) : after - before;
        if (collector.metricsPort > 0) {
            measurement.metrics = scrape(collector);
        }
        return measurement;
    }

    /** Sends at {@code rate} datagrams/s: every millisecond, the datagrams due by then. */
    private Measurement send(int port, long rate, Duration duration) throws IOException {
        List<DatagramChannel> exporters = openExporters(port);
        Measurement measurement = new Measurement();
        try {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long sent = 0;
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L + 1;
                for (; sent < due; sent++) {
                    // Every exporter replays the whole capture: datagram i goes out from each in
                    // turn.
                    int next = (int) ((sent / exporters.size()) % stream.size());
                    exporters
                            .get((int) (sent % exporters.size()))
                            .write(ByteBuffer.wrap(stream.get(next)));
                    measurement.flowsExpected += recordsPerDatagram[next];
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            measurement.datagrams = sent;
            measurement.seconds = (System.nanoTime() - start) / 1e9;
        } finally {
            for (DatagramChannel exporter : exporters) {
                exporter.close();
            }
        }
        return measurement;
    }

    /** One socket per simulated exporter ({@code --exporters N}): 127.0.1.1, 127.0.1.2, ... */
    private List<DatagramChannel> openExporters(int port) throws IOException {
        int count = Integer.parseInt(option("exporters", "1"));
        List<DatagramChannel> exporters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DatagramChannel channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(count == 1 ? "127.0.0.1" : "127.0.1." + (i + 1), 0));
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            exporters.add(channel);
        }
        return exporters;
    }

    /** Waits until the topic's end offset has not moved for {@code quiet}; returns it. */
    private static long awaitQuiet(KafkaBrokerProcess broker, String topic, Duration quiet)
            throws InterruptedException {
        long last = -1;
        Instant stableSince = Instant.now();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            long count = TopicReader.count(broker.bootstrapServers(), topic);
            if (count != last) {
                last = count;
                stableSince = Instant.now();
            } else if (Duration.between(stableSince, Instant.now()).compareTo(quiet) >= 0) {
                return count;
            }
            Thread.sleep(250);
        }
        return last;
    }

    /** nfacctd aggregates: each of our flows is one packet, so summed packets are flows kept. */
    private static long sumPackets(KafkaBrokerProcess broker, String topic, long from, long to) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        properties.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        ObjectMapper mapper = new ObjectMapper();
        long packets = 0;
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long position = from;
            Instant deadline = Instant.now().plusSeconds(120);
            while (position < to && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= to) {
                        break;
                    }
                    position = record.offset() + 1;
                    try {
                        JsonNode json = mapper.readTree(record.value());
                        packets += json.path("packets").asLong(0);
                    } catch (IOException e) {
                        // not a flow message
                    }
                }
            }
        }
        return packets;
    }

    private static String scrape(Collector collector) {
        try {
            String metrics = http(collector, "/metrics");
            StringBuilder summary = new StringBuilder();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("flowsentry_decoder_datagrams_dropped_total")
                        || line.startsWith("flowsentry_decoder_socket_drops_total")
                        || line.startsWith(
                                "flowsentry_decoder_records_dropped_total{reason=\"buffer_full\"")) {
                    summary.append(line.replace("flowsentry_decoder_", "")).append("; ");
                }
            }
            return summary.toString();
        } catch (Exception e) {
            return "metrics unavailable: " + e;
        }
    }

    private static String http(Collector collector, String path)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + collector.metricsPort + path))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitHttp(Collector collector, String path) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!collector.process.isAlive()) {
                throw new IllegalStateException(collector.name + " exited");
            }
            try {
                http(collector, path);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(collector.name + " did not start");
    }

    private static void report(List<Result> results) {
        System.out.println();
        System.out.println(
                "| datagrams/s | sent | sent/s | flows expected | decoder landed | decoder kept | nfacctd landed | nfacctd kept | decoder/nfacctd |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        long highestLossless = 0;
        for (Result result : results) {
            System.out.println(result.row());
            if (result.decoder != null
                    && result.decoder.flowsLanded == result.decoder.flowsExpected) {
                highestLossless = Math.max(highestLossless, result.rate);
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT, "highest lossless decoder rate: %d datagrams/s%n", highestLossless);
        for (Result result : results) {
            if (result.decoder != null && result.rate == highestLossless) {
                System.out.printf(
                        Locale.ROOT,
                        "  = %.0f flows/s%n",
                        result.decoder.flowsExpected / result.decoder.seconds);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class Collector {
        final String name;
        final String topic;
        final int port;
        final Process process;
        final int metricsPort;

        Collector(String name, String topic, int port, Process process, int metricsPort) {
            this.name = name;
            this.topic = topic;
            this.port = port;
            this.process = process;
            this.metricsPort = metricsPort;
        }

        /** CPU time the collector's process has used so far. */
        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static final class Measurement {
        long datagrams;
        long flowsExpected;
        long flowsLanded;
        double seconds;
        double cpuSeconds;
        String metrics = "";

        double kept() {
            return flowsExpected == 0 ? 0 : 100.0 * flowsLanded / flowsExpected;
        }
    }

    private static final class Result {
        final long rate;
        Measurement decoder;
        Measurement nfacctd;

        Result(long rate) {
            this.rate = rate;
        }

        private Measurement any() {
            return decoder != null ? decoder : nfacctd;
        }

        String line() {
            StringBuilder text =
                    new StringBuilder(String.format(Locale.ROOT, "rate %d datagrams/s:", rate));
            if (decoder != null) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                " decoder sent %d datagrams (%.0f/s), %d flows expected, %d landed (%.2f%%), %.1f CPU s [%s]",
                                decoder.datagrams,
                                decoder.datagrams / decoder.seconds,
                                decoder.flowsExpected,
                                decoder.flowsLanded,
                                decoder.kept(),
                                decoder.cpuSeconds,
                                decoder.metrics));
            }
            if (nfacctd != null) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                " nfacctd sent %d datagrams, %d flows expected, %d kept (%.2f%%), %.1f CPU s",
                                nfacctd.datagrams,
                                nfacctd.flowsExpected,
                                nfacctd.flowsLanded,
                                nfacctd.kept(),
                                nfacctd.cpuSeconds));
            }
            return text.toString();
        }

        String row() {
            Measurement sent = any();
            String ratio =
                    decoder != null && nfacctd != null && nfacctd.kept() > 0
                            ? String.format(Locale.ROOT, "%.2f", decoder.kept() / nfacctd.kept())
                            : "-";
            return String.format(
                    Locale.ROOT,
                    "| %d | %d | %.0f | %d | %s | %s | %s | %s | %s |",
                    rate,
                    sent.datagrams,
                    sent.datagrams / sent.seconds,
                    sent.flowsExpected,
                    decoder == null ? "-" : String.valueOf(decoder.flowsLanded),
                    decoder == null ? "-" : String.format(Locale.ROOT, "%.2f%%", decoder.kept()),
                    nfacctd == null ? "-" : String.valueOf(nfacctd.flowsLanded),
                    nfacctd == null ? "-" : String.format(Locale.ROOT, "%.2f%%", nfacctd.kept()),
                    ratio);
        }
    }
}
