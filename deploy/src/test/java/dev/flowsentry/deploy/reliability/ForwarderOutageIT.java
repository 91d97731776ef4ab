package dev.flowsentry.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.Severity;
import dev.flowsentry.alerts.encoding.EcsAlertEncoder;
import dev.flowsentry.deploy.e2e.LocalStack;
import dev.flowsentry.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The alert forwarder ({@code alert-forwarder.jar}, a real process) while its destination, a
 * webhook, is down: alerts written to the alerts topic meanwhile (in the job's way: Kafka
 * transactions, one of them aborted) wait in Kafka, the consumer lag on the forwarder's {@code
 * /metrics} shows them, and once the destination answers again every committed alert is delivered,
 * none lost, none twice, no aborted one.
 *
 * <p>The outage lasts {@code -Dflowsentry.forwarder.outage} (ISO-8601 or {@code 45s}, {@code 5m};
 * default 45 s in CI). The forwarder's retry budget is sized for it: {@code --max-backoff 5s} and
 * enough {@code --max-attempts} (see deploy/README.md, "Reliability").
 */
class ForwarderOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String TOPIC = "alerts";

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private HttpServer webhook;
    private int webhookPort;

    /** What happened around the outage. */
    private record Outage(
            Duration length,
            List<String> committed,
            List<String> aborted,
            int deliveredWhileDown,
            double highestLagWhileDown,
            double retriedWhileDown,
            double deadLetteredWhileDown,
            Duration catchUp) {}

    @Test
    void alertsWaitInKafkaWhileTheDestinationIsDownAndAllArriveOnceWhenItReturns()
            throws Exception {
        Path work = Path.of("target/forwarder-outage").toAbsolutePath();
        LocalStack.deleteRecursively(work);
        Files.createDirectories(work);
        webhookPort = freePort();
        int metricsPort = freePort();
        webhook = startWebhook(webhookPort);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<byte[], byte[]> producer = transactionalProducer(kafka)) {
            kafka.createTopic(TOPIC, 2);
            Process forwarder = startForwarder(kafka, metricsPort, outageLength(), work);
            try {
                Metrics metrics = new Metrics(metricsPort);
                Outage outage = interruptDestination(producer, metrics, outageLength());
                report(outage);

                assertThat(outage.deliveredWhileDown()).isZero();
                assertThat(outage.highestLagWhileDown())
                        .as("the lag counts at least the 40 committed alerts of the outage")
                        .isGreaterThanOrEqualTo(40);
                assertThat(outage.retriedWhileDown()).isPositive();
                assertThat(metrics.sum("flowsentry_forwarder_dead_lettered_total")).isZero();
                assertThat(delivered).containsExactlyInAnyOrderElementsOf(outage.committed());
                assertThat(forwarder.isAlive()).isTrue();
            } finally {
                stop(forwarder);
            }
        } finally {
            webhook.stop(0);
        }
    }

    /**
     * Delivers alerts, stops the webhook, writes committed and aborted alerts while it is down,
     * watches the forwarder's metrics until the outage is over, starts the webhook again on the
     * same port, writes more alerts and waits until every committed one arrived.
     */
    private Outage interruptDestination(
            KafkaProducer<byte[], byte[]> producer, Metrics metrics, Duration length)
            throws Exception {
        await().atMost(WAIT).until(metrics::answers);
        List<String> committed = new ArrayList<>(sendCommitted(producer, 0, 10));
        await().atMost(WAIT).until(() -> Set.copyOf(delivered).containsAll(committed));

        webhook.stop(0);
        Instant down = Instant.now();
        committed.addAll(sendCommitted(producer, 10, 20));
        List<String> aborted = sendAborted(producer, 30, 5);
        committed.addAll(sendCommitted(producer, 35, 20));
        int deliveredBefore = delivered.size();
        double highestLag = awaitOutageEnd(metrics, down.plus(length));
        double retried = metrics.sum("flowsentry_forwarder_retried_total");
        double deadLettered = metrics.sum("flowsentry_forwarder_dead_lettered_total");
        int deliveredWhileDown = delivered.size() - deliveredBefore;

        webhook = startWebhook(webhookPort);
        Instant back = Instant.now();
        committed.addAll(sendCommitted(producer, 55, 10));
        await().atMost(WAIT).until(() -> Set.copyOf(delivered).containsAll(committed));
        Duration catchUp = Duration.between(back, Instant.now());
        await().atMost(WAIT).until(() -> metrics.sum("flowsentry_forwarder_consumer_lag") == 0);
        return new Outage(
                length,
                committed,
                aborted,
                deliveredWhileDown,
                highestLag,
                retried,
                deadLettered,
                catchUp);
    }

    private void report(Outage outage) {
        Set<String> distinct = new HashSet<>(delivered);
        System.out.printf(
                "RELIABILITY forwarder-outage: destination down %d s; alerts committed=%d"
                        + " aborted=%d delivered=%d distinct=%d lost=%d duplicated=%d"
                        + " aborted-delivered=%d; highest consumer lag while down=%.0f offsets,"
                        + " failed attempts retried=%.0f, dead-lettered=%.0f; all delivered %d s"
                        + " after the destination returned%n",
                outage.length().toSeconds(),
                outage.committed().size(),
                outage.aborted().size(),
                delivered.size(),
                distinct.size(),
                outage.committed().stream().filter(id -> !distinct.contains(id)).count(),
                delivered.size() - distinct.size(),
                outage.aborted().stream().filter(distinct::contains).count(),
                outage.highestLagWhileDown(),
                outage.retriedWhileDown(),
                outage.deadLetteredWhileDown(),
                outage.catchUp().toSeconds());
    }

    /** Polls the metrics until the outage ends; returns the highest consumer lag seen. */
    private static double awaitOutageEnd(Metrics metrics, Instant end) throws Exception {
        double highestLag = 0;
        while (Instant.now().isBefore(end)) {
            highestLag = Math.max(highestLag, metrics.sum("flowsentry_forwarder_consumer_lag"));
            Thread.sleep(
                    Math.min(2_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
        }
        return highestLag;
    }

    private static Duration outageLength() {
        String text = System.getProperty("flowsentry.forwarder.outage", "45s").strip();
        return text.startsWith("P")
                ? Duration.parse(text)
                : Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }

    private HttpServer startWebhook(int port) throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/alerts", this::receive);
        server.start();
        return server;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            delivered.add(JSON.readTree(body).path("event").path("id").asText());
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /**
     * The forwarder with a retry budget longer than the outage: after four doublings from 500 ms
     * every attempt waits {@link #MAX_BACKOFF}.
     */
    private Process startForwarder(EmbeddedKafka kafka, int metricsPort, Duration outage, Path work)
            throws IOException {
        long attempts = 10 + 2 * outage.toSeconds() / MAX_BACKOFF.toSeconds();
        Path jar = LocalStack.repository().resolve("sink-alerts/target/alert-forwarder.jar");
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-jar",
                        jar.toString(),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        TOPIC,
                        "--group-id",
                        "soc",
                        "--to",
                        "http://127.0.0.1:" + webhookPort + "/alerts",
                        "--max-backoff",
                        MAX_BACKOFF.toSeconds() + "s",
                        "--max-attempts",
                        Long.toString(attempts),
                        "--timeout",
                        "2s",
                        "--metrics-port",
                        Integer.toString(metricsPort),
                        "--dead-letter",
                        work.resolve("dead-letter.jsonl").toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("forwarder.log").toFile())
                .start();
    }

    private static void stop(Process forwarder) throws InterruptedException {
        if (forwarder == null) {
            return;
        }
        forwarder.destroy();
        if (!forwarder.waitFor(30, TimeUnit.SECONDS)) {
            forwarder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "forwarder-outage-test");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
        producer.initTransactions();
        return producer;
    }

    /** Writes alerts {@code first .. first+count-1}, five per transaction; returns their ids. */
    private static List<String> sendCommitted(
            KafkaProducer<byte[], byte[]> producer, int first, int count) {
        List<String> eventIds = new ArrayList<>();
        for (int index = first; index < first + count; index += 5) {
            producer.beginTransaction();
            for (int number = index; number < Math.min(index + 5, first + count); number++) {
                eventIds.add(send(producer, number));
            }
            producer.commitTransaction();
        }
        return eventIds;
    }

    /** Writes alerts in one transaction and aborts it; returns their ids. */
    private static List<String> sendAborted(
            KafkaProducer<byte[], byte[]> producer, int first, int count) {
        List<String> eventIds = new ArrayList<>();
        producer.beginTransaction();
        for (int number = first; number < first + count; number++) {
            eventIds.add(send(producer, number));
        }
        producer.flush();
        producer.abortTransaction();
        return eventIds;
    }

    private static String send(KafkaProducer<byte[], byte[]> producer, int number) {
        Alert alert = alert(number);
        producer.send(
                new ProducerRecord<>(
                        TOPIC,
                        null,
                        alert.timestamp().toEpochMilli(),
                        alert.host().getBytes(StandardCharsets.UTF_8),
                        new EcsAlertEncoder().encode(alert)));
        return alert.eventId();
    }

    /** A SYN flood start on a host of its own. */
    private static Alert alert(int number) {
        Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String host = "10.0." + (number / 250) + "." + (1 + number % 250);
        return Alert.builder()
                .id("outage-" + number)
                .sequence(0)
                .kind(AlertKind.SYN_FLOOD)
                .state(AlertState.START)
                .timestamp(windowEnd)
                .start(windowEnd.minusSeconds(10))
                .end(windowEnd)
                .host(host)
                .destinationIp(host)
                .metric("syn_only_flows_per_second")
                .observed(400)
                .baseline(0)
                .threshold(20)
                .severity(Severity.HIGH)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The forwarder's Prometheus endpoint. */
    private static final class Metrics {
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final URI uri;

        Metrics(int port) {
            uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        }

        boolean answers() {
            try {
                scrape();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** The sum of every sample of {@code name}, whatever its labels. */
        double sum(String name) {
            try {
                double sum = 0;
                for (String line : scrape().lines().toList()) {
                    if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                return sum;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String scrape() throws IOException {
            try {
                HttpResponse<String> response =
                        http.send(
                                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.ofString());
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
