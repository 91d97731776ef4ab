package dev.flowsentry.deploy.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.deploy.TopicOffsets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what a soak run samples from the running local stack: live heaps with {@code jcmd} (the
 * total of a class histogram, which the JVM takes right after a full collection), the job's status
 * and checkpoint statistics from Flink's REST API, end offsets and committed offsets with Kafka's
 * admin client, the decoder's drop counters from its {@code /metrics}. A value that cannot be read
 * is -1, so that one failed read does not end a long run.
 */
final class StackProbe implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The last line of {@code GC.class_histogram}: {@code Total INSTANCES BYTES}. */
    private static final Pattern HISTOGRAM_TOTAL =
            Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    /** A class line of {@code GC.class_histogram}: {@code RANK: INSTANCES BYTES CLASS}. */
    private static final Pattern HISTOGRAM_CLASS = Pattern.compile("^\\s*\\d+:\\s");

    private final SoakSettings settings;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Admin admin;
    private final Map<String, String> lastHistograms = new HashMap<>();

    StackProbe(SoakSettings settings) {
        this.settings = settings;
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(properties);
    }

    SoakSample sample(long elapsedSeconds) {
        JsonNode checkpoints = flink("jobs/" + settings.jobId() + "/checkpoints");
        JsonNode completed = checkpoints.path("latest").path("completed");
        Map<String, Long> decoder = decoderCounters();
        return new SoakSample(
                elapsedSeconds,
                liveHeapBytes("decoder"),
                liveHeapBytes("taskmanager"),
                completed.path("state_size").asLong(-1),
                completed.path("id").asLong(-1),
                "RUNNING".equals(flink("jobs/" + settings.jobId()).path("state").asText()),
                endOffset(settings.flowsTopic()),
                lag(settings.jobGroup(), settings.flowsTopic()),
                endOffset(settings.alertsTopic()),
                lag(settings.forwarderGroup(), settings.alertsTopic()),
                decoder.getOrDefault("datagrams", -1L),
                decoder.getOrDefault("records", -1L));
    }

    /**
     * The live objects' bytes of the stack's JVM running {@code service}: the total of a class
     * histogram, counted in the pause of its full collection. Not the heap in use read after a
     * {@code GC.run}: a busy TaskManager allocates tens of megabytes in the half second between two
     * {@code jcmd} calls, which made that figure swing by a factor of two from one minute to the
     * next.
     */
    long liveHeapBytes(String service) {
        OptionalLong pid = pidOf(service);
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            String histogram = jcmd(pid.getAsLong(), "GC.class_histogram");
            lastHistograms.put(service, histogram);
            return histogramTotal(histogram);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The process of {@code service}, found by the markers every JVM of the stack carries. */
    private OptionalLong pidOf(String service) {
        String home = "-Dflowsentry.home=" + settings.home();
        String marker = "-Dflowsentry.service=" + service;
        try (DirectoryStream<Path> processes =
                Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                List<String> arguments = commandLine(process);
                if (arguments.contains(home) && arguments.contains(marker)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static List<String> commandLine(Path process) {
        try {
            byte[] bytes = Files.readAllBytes(process.resolve("cmdline"));
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The live bytes a {@code GC.class_histogram} counted, or -1 if it has no total line. */
    static long histogramTotal(String histogram) {
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        return total.find() ? Long.parseLong(total.group(1)) : -1;
    }

    /**
     * The {@code count} classes that held the most live bytes in the last histogram of {@code
     * service} (rank, instances, bytes, class), or none when no histogram was read: where to look
     * when a heap grew.
     */
    List<String> largestClasses(String service, int count) {
        return histogramClasses(lastHistograms.getOrDefault(service, ""), count);
    }

    /** The first {@code count} class lines of {@code histogram}, stripped. */
    static List<String> histogramClasses(String histogram, int count) {
        return histogram
                .lines()
                .filter(line -> HISTOGRAM_CLASS.matcher(line).find())
                .limit(count)
                .map(String::strip)
                .toList();
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        // A histogram runs to thousands of lines, more than a pipe holds: to a file, then read.
        Path output = Files.createTempFile("flowsentry-jcmd-", ".txt");
        try {
            Process process =
                    new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("jcmd " + pid + " " + command + " failed");
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private JsonNode flink(String path) {
        try {
            return json.readTree(get(settings.flinkRest().resolve(path)));
        } catch (IOException e) {
            return json.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return json.createObjectNode();
        }
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The decoder's dropped datagrams (queue and kernel) and dropped records, all reasons. */
    private Map<String, Long> decoderCounters() {
        Map<String, Long> counters = new HashMap<>();
        try {
            for (String line : get(settings.decoderMetrics()).split("\n")) {
                if (line.startsWith(
                                "flowsentry_decoder_datagrams_dropped_total{reason=\"queue_full\"")
                        || line.startsWith("flowsentry_decoder_socket_drops_total")) {
                    counters.merge("datagrams", value(line), Long::sum);
                } else if (line.startsWith("flowsentry_decoder_records_dropped_total")) {
                    counters.merge("records", value(line), Long::sum);
                }
            }
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return counters;
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private long endOffset(String topic) {
        try {
            return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** End offsets minus the group's committed offsets (none committed: from offset 0). */
    private long lag(String group, String topic) {
        try {
            Map<TopicPartition, Long> ends = endOffsets(topic);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += end.getValue() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        return TopicOffsets.endOffsets(admin, topic, TIMEOUT);
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
