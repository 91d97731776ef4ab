package dev.flowsentry.alerts.forwarder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.encoding.TextAlertFormatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP(S) webhook: one POST per alert. 2xx is accepted; 408, 429 and 5xx are transient (a {@code
 * Retry-After} in seconds is honoured up to the maximum backoff); any other status is permanent.
 * The token header's value is a secret: it is never logged nor put in a message.
 */
final class WebhookDestination implements Destination {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TextAlertFormatter TEXT = new TextAlertFormatter(false);

    private final String name;
    private final URI uri;
    private final HttpClient client;
    private final PayloadFormat format;
    private final WebhookStyle style;
    private final String tokenHeader;
    private final String tokenHeaderValue;
    private final Duration timeout;

    WebhookDestination(
            String name,
            URI uri,
            HttpClient client,
            PayloadFormat format,
            WebhookStyle style,
            String tokenHeader,
            String tokenHeaderValue,
            Duration timeout) {
        this.name = name;
        this.uri = uri;
        this.client = client;
        this.format = format;
        this.style = style;
        this.tokenHeader = tokenHeader;
        this.tokenHeaderValue = tokenHeaderValue;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert, byte[] ecsDocument)
            throws DeliveryException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("User-Agent", "FlowSentry-alert-forwarder")
                        .header("Content-Type", contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body(alert, ecsDocument)));
        if (tokenHeaderValue != null) {
            request.header(tokenHeader, tokenHeaderValue);
        }
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw DeliveryException.transientFailure(SyslogUdpDestination.describe(e), e);
        }
        classify(response);
    }

    private static void classify(HttpResponse<Void> response) throws DeliveryException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw DeliveryException.transientFailure("HTTP " + status, retryAfter(response));
        }
        throw DeliveryException.permanentFailure("HTTP " + status);
    }

    private static Duration retryAfter(HttpResponse<Void> response) {
        try {
            return response.headers()
                    .firstValue("Retry-After")
                    .map(value -> Duration.ofSeconds(Long.parseLong(value.trim())))
                    .orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String contentType() {
        return style != WebhookStyle.GENERIC || format.isJson()
                ? "application/json"
                : "text/plain; charset=utf-8";
    }

    byte[] body(Alert alert, byte[] ecsDocument) {
        try {
            return switch (style) {
                case GENERIC -> format.encode(alert, ecsDocument);
                case SLACK -> MAPPER.writeValueAsBytes(slack(alert));
                case TEAMS -> MAPPER.writeValueAsBytes(teams(alert));
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot happen writing a tree to memory", e);
        }
    }

    /** Slack's incoming-webhook body; Slack wants {@code & < >} escaped in text. */
    private static ObjectNode slack(Alert alert) {
        String text =
                TEXT.format(alert).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return MAPPER.createObjectNode().put("text", text);
    }

    /** A Teams (Workflows) message carrying an Adaptive Card. */
    private static ObjectNode teams(Alert alert) {
        ObjectNode message = MAPPER.createObjectNode().put("type", "message");
        message.putArray("attachments")
                .addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive")
                .set("content", card(alert));
        return message;
    }

    private static ObjectNode card(Alert alert) {
        ObjectNode card = MAPPER.createObjectNode();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        String title =
                alert.severity().name()
                        + " "
                        + alert.kind().ruleName()
                        + " ("
                        + alert.state().code()
                        + ")";
        body.addObject()
                .put("type", "TextBlock")
                .put("size", "Medium")
                .put("weight", "Bolder")
                .put("wrap", true)
                .put("text", title);
        body.addObject().put("type", "TextBlock").put("wrap", true).put("text", TEXT.format(alert));
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Host", alert.host());
        fact(facts, "Source", alert.sourceIp());
        fact(facts, "Destination", alert.destinationIp());
        fact(facts, "Window", alert.start() + " to " + alert.end());
        fact(facts, "MITRE ATT&CK", alert.kind().techniqueId());
        fact(facts, "Event id", alert.eventId());
        return card;
    }

    private static void fact(ArrayNode facts, String title, String value) {
        if (value != null) {
            facts.addObject().put("title", title).put("value", value);
        }
    }

    @Override
    public void close() {
        // The shared HttpClient keeps its connection pool; nothing per destination to release.
    }
}
