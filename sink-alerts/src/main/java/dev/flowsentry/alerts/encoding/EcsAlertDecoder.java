package dev.flowsentry.alerts.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.AlertType;
import dev.flowsentry.alerts.Contributor;
import dev.flowsentry.alerts.Evidence;
import dev.flowsentry.alerts.Severity;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds an {@link Alert} from the ECS document that {@link EcsAlertEncoder} wrote, so that the
 * forwarder can re-encode what it reads from the alerts topic as CEF, OCSF or text.
 *
 * <p>{@code decode(encode(alert))} equals {@code alert}. Unknown fields are ignored, so documents
 * from a newer job still decode. Thread-safe and stateless.
 */
public final class EcsAlertDecoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The alert in a UTF-8 ECS document.
     *
     * @throws AlertDecodingException if the bytes are not JSON or a required field is missing or
     *     invalid; the message names the field
     */
    public Alert decode(byte[] document) throws AlertDecodingException {
        if (document == null) {
            throw new AlertDecodingException("alert document is null (a tombstone record?)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            // The parser's own message quotes the offending token: payload content stays out.
            throw new AlertDecodingException(
                    "alert document of "
                            + document.length
                            + " bytes is not JSON (error at column "
                            + (e.getLocation() == null ? -1 : e.getLocation().getColumnNr())
                            + ")",
                    null);
        } catch (IOException e) {
            throw new AlertDecodingException("alert document cannot be read", e);
        }
        return decode(root);
    }

    /**
     * The alert in an ECS document tree.
     *
     * @throws AlertDecodingException if a required field is missing or invalid
     */
    public Alert decode(JsonNode root) throws AlertDecodingException {
        if (root == null || !root.isObject()) {
            throw new AlertDecodingException("alert document is not a JSON object");
        }
        JsonNode alert = object(root, "alert", "alert");
        try {
            return fields(root, alert).evidence(evidence(alert.path("evidence"))).build();
        } catch (IllegalArgumentException e) {
            throw new AlertDecodingException("invalid alert: " + e.getMessage(), e);
        }
    }

    private static Alert.Builder fields(JsonNode root, JsonNode alert)
            throws AlertDecodingException {
        AlertType type = parse(text(alert, "type", "alert.type"), AlertType::ofCode, "alert.type");
        String subtype = text(alert, "subtype", "alert.subtype");
        return Alert.builder()
                .id(text(alert, "id", "alert.id"))
                .sequence(integer(alert, "sequence", "alert.sequence"))
                .kind(parse(subtype, code -> AlertKind.of(type, code), "alert.subtype"))
                .state(
                        parse(
                                text(alert, "state", "alert.state"),
                                AlertState::ofCode,
                                "alert.state"))
                .timestamp(instant(root, "@timestamp", "@timestamp"))
                .start(instant(root.path("event"), "start", "event.start"))
                .end(instant(root.path("event"), "end", "event.end"))
                .host(text(alert, "host", "alert.host"))
                .sourceIp(optionalText(root.path("source"), "ip"))
                .destinationIp(optionalText(root.path("destination"), "ip"))
                .destinationPort(optionalInteger(root.path("destination"), "port"))
                .protocol(protocol(root.path("network")))
                .hostGroup(optionalText(alert, "host_group"))
                .metric(text(alert, "metric", "alert.metric"))
                .observed(figure(alert, "observed"))
                .baseline(figure(alert, "baseline"))
                .threshold(figure(alert, "threshold"))
                .severity(
                        parse(
                                text(alert, "severity", "alert.severity"),
                                Severity::ofLabel,
                                "alert.severity"));
    }

    private static Evidence evidence(JsonNode node) throws AlertDecodingException {
        Evidence.Builder evidence = Evidence.builder();
        if (node.isMissingNode() || node.isNull()) {
            return evidence.build();
        }
        if (!node.isObject()) {
            throw new AlertDecodingException("alert.evidence must be an object");
        }
        evidence.flows(count(node, "flows"))
                .packets(count(node, "packets"))
                .bytes(count(node, "bytes"))
                .distinctSources(count(node, "distinct_sources"))
                .distinctDestinations(count(node, "distinct_destinations"))
                .distinctPorts(count(node, "distinct_ports"))
                .failedShare(node.path("failed_share").asDouble(Evidence.NOT_COMPUTED))
                .topSources(contributors(node, "top_sources"))
                .topDestinations(contributors(node, "top_destinations"))
                .topPorts(contributors(node, "top_ports"));
        String unit = optionalText(node, "unit");
        if (unit != null) {
            evidence.unit(unit);
        }
        return evidence.build();
    }

    private static long count(JsonNode node, String name) throws AlertDecodingException {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return Evidence.NOT_COMPUTED;
        }
        if (!value.isIntegralNumber()) {
            throw new AlertDecodingException(
                    "alert.evidence." + name + " must be an integer, found " + value.getNodeType());
        }
        return value.asLong();
    }

    private static List<Contributor> contributors(JsonNode node, String name)
            throws AlertDecodingException {
        JsonNode array = node.path(name);
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new AlertDecodingException("alert.evidence." + name + " must be an array");
        }
        List<Contributor> contributors = new ArrayList<>(array.size());
        for (JsonNode entry : array) {
            String field = "alert.evidence." + name + "[].key";
            contributors.add(
                    new Contributor(text(entry, "key", field), entry.path("value").asLong()));
        }
        return contributors;
    }

    private static int protocol(JsonNode network) throws AlertDecodingException {
        String number = optionalText(network, "iana_number");
        if (number == null) {
            return Alert.NONE;
        }
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new AlertDecodingException(
                    "network.iana_number must be a decimal protocol number", e);
        }
    }

    private static double figure(JsonNode alert, String name) throws AlertDecodingException {
        JsonNode value = alert.path(name);
        if (value.isNull()) {
            return Double.NaN;
        }
        if (!value.isNumber()) {
            throw new AlertDecodingException(
                    "alert." + name + " must be a number or null, found " + value.getNodeType());
        }
        return value.asDouble();
    }

    private static JsonNode object(JsonNode parent, String name, String field)
            throws AlertDecodingException {
        JsonNode value = parent.path(name);
        if (!value.isObject()) {
            throw new AlertDecodingException(field + " is missing or not an object");
        }
        return value;
    }

    private static String text(JsonNode parent, String name, String field)
            throws AlertDecodingException {
        JsonNode value = parent.path(name);
        if (!value.isTextual()) {
            throw new AlertDecodingException(
                    field + " is missing or not a string, found " + value.getNodeType());
        }
        return value.asText();
    }

    private static String optionalText(JsonNode parent, String name) {
        JsonNode value = parent.path(name);
        return value.isTextual() ? value.asText() : null;
    }

    private static int integer(JsonNode parent, String name, String field)
            throws AlertDecodingException {
        JsonNode value = parent.path(name);
        if (!value.isInt()) {
            throw new AlertDecodingException(
                    field + " is missing or not an integer, found " + value.getNodeType());
        }
        return value.asInt();
    }

    private static int optionalInteger(JsonNode parent, String name) {
        JsonNode value = parent.path(name);
        return value.isInt() ? value.asInt() : Alert.NONE;
    }

    private static Instant instant(JsonNode parent, String name, String field)
            throws AlertDecodingException {
        String text = text(parent, name, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new AlertDecodingException(
                    field + " must be an ISO-8601 instant such as 2024-05-01T12:00:00Z", e);
        }
    }

    private static <T> T parse(String code, CodeParser<T> parser, String field)
            throws AlertDecodingException {
        try {
            return parser.parse(code);
        } catch (IllegalArgumentException e) {
            throw new AlertDecodingException(field + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface CodeParser<T> {
        T parse(String code);
    }
}
