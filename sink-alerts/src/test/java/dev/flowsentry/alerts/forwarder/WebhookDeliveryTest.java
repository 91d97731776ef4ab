package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.encoding.EcsAlertDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery against the JDK's HTTP server: retries, backoff, dead letter, bodies. */
class WebhookDeliveryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path directory;
    private RecordingWebhook webhook;

    @BeforeEach
    void startServer() throws Exception {
        webhook = new RecordingWebhook();
    }

    @AfterEach
    void stopServer() {
        webhook.close();
    }

    @Test
    void serviceUnavailableIsRetriedWithGrowingBackoffUntilAccepted() throws Exception {
        webhook.answer(index -> index < 2 ? 503 : 200);
        Path token = Files.writeString(directory.resolve("token"), "tok-123\n");
        Alert alert = SampleAlerts.synFloodStart();

        try (WorkerHarness harness =
                new WorkerHarness(
                        directory,
                        Map.of(),
                        "--to",
                        webhook.url(),
                        "--webhook-token-file",
                        token.toString(),
                        "--initial-backoff",
                        "100ms",
                        "--max-backoff",
                        "5s")) {
            harness.deliver(alert);

            List<RecordingWebhook.Request> requests = webhook.requests();
            assertThat(requests).hasSize(3);
            assertThat(gap(requests, 0, 1)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(gap(requests, 1, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(harness.retried()).isEqualTo(2);
            assertThat(harness.delivered()).isEqualTo(1);
            assertThat(harness.deadLettered()).isZero();
            RecordingWebhook.Request last = requests.get(2);
            assertThat(last.authorization()).isEqualTo("Bearer tok-123");
            assertThat(last.contentType()).isEqualTo("application/json");
            assertThat(new EcsAlertDecoder().decode(last.body().getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(alert);
        }
    }

    @Test
    void badRequestGoesToTheDeadLetterAtOnceAndIsCounted() throws Exception {
        webhook.answer(index -> 400);
        Alert alert = SampleAlerts.synFloodStart();

        try (WorkerHarness harness =
                new WorkerHarness(directory, Map.of(), "--to", webhook.url())) {
            harness.deliver(alert);

            assertThat(webhook.requests()).hasSize(1);
            assertThat(harness.failed()).isEqualTo(1);
            assertThat(harness.deadLettered()).isEqualTo(1);
            assertThat(harness.delivered()).isZero();
            JsonNode entry = onlyDeadLetter();
            assertThat(entry.get("reason").asText()).isEqualTo("HTTP 400");
            assertThat(entry.get("attempts").asInt()).isEqualTo(1);
            assertThat(entry.get("event_id").asText()).isEqualTo(alert.eventId());
            assertThat(entry.get("destination").asText()).isEqualTo(webhook.url());
            assertThat(
                            new EcsAlertDecoder()
                                    .decode(
                                            entry.get("value")
                                                    .asText()
                                                    .getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(alert);
        }
    }

    @Test
    void exhaustedRetriesGoToTheDeadLetter() throws Exception {
        webhook.answer(index -> 503);

        try (WorkerHarness harness =
                new WorkerHarness(
                        directory,
                        Map.of(),
                        "--to",
                        webhook.url(),
                        "--max-attempts",
                        "3",
                        "--initial-backoff",
                        "20ms")) {
            harness.deliver(SampleAlerts.synFloodStart());

            assertThat(webhook.requests()).hasSize(3);
            assertThat(harness.retried()).isEqualTo(2);
            assertThat(harness.deadLettered()).isEqualTo(1);
            assertThat(onlyDeadLetter().get("attempts").asInt()).isEqualTo(3);
        }
    }

    @Test
    void tokenFromTheEnvironmentWithACustomHeaderScheme() throws Exception {
        try (WorkerHarness harness =
                new WorkerHarness(
                        directory,
                        Map.of("FLOWSENTRY_WEBHOOK_TOKEN", "env-token"),
                        "--to",
                        webhook.url(),
                        "--webhook-token-scheme",
                        "Token")) {
            harness.deliver(SampleAlerts.synFloodStart());

            assertThat(webhook.requests().get(0).authorization()).isEqualTo("Token env-token");
        }
    }

    @Test
    void slackStyleSendsTheTextLine() throws Exception {
        Alert alert = SampleAlerts.synFloodStart();

        try (WorkerHarness harness =
                new WorkerHarness(
                        directory, Map.of(), "--to", webhook.url(), "--webhook-style", "slack")) {
            harness.deliver(alert);

            JsonNode body = MAPPER.readTree(webhook.requests().get(0).body());
            assertThat(body.get("text").asText())
                    .startsWith("2024-05-01T12:00:10Z CRITICAL dos/syn_flood start")
                    .contains(alert.eventId());
        }
    }

    @Test
    void teamsStyleSendsAnAdaptiveCard() throws Exception {
        Alert alert = SampleAlerts.synFloodStart();

        try (WorkerHarness harness =
                new WorkerHarness(
                        directory, Map.of(), "--to", webhook.url(), "--webhook-style", "teams")) {
            harness.deliver(alert);

            JsonNode body = MAPPER.readTree(webhook.requests().get(0).body());
            assertThat(body.at("/attachments/0/contentType").asText())
                    .isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(body.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
            assertThat(body.at("/attachments/0/content/body/0/text").asText())
                    .isEqualTo("CRITICAL TCP SYN flood (start)");
        }
    }

    @Test
    void cefFormatIsPostedAsText() throws Exception {
        try (WorkerHarness harness =
                new WorkerHarness(directory, Map.of(), "--to", webhook.url(), "--format", "cef")) {
            harness.deliver(SampleAlerts.synFloodStart());

            RecordingWebhook.Request request = webhook.requests().get(0);
            assertThat(request.contentType()).startsWith("text/plain");
            assertThat(request.body()).startsWith("CEF:0|FlowSentry|FlowSentry|");
        }
    }

    private JsonNode onlyDeadLetter() throws Exception {
        List<String> lines = Files.readAllLines(directory.resolve("dead-letter.jsonl"));
        assertThat(lines).hasSize(1);
        return MAPPER.readTree(lines.get(0));
    }

    private static Duration gap(List<RecordingWebhook.Request> requests, int from, int to) {
        return Duration.ofNanos(
                requests.get(to).arrivalNanos() - requests.get(from).arrivalNanos());
    }
}
