package dev.flowsentry.alerts.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import java.io.UncheckedIOException;

/**
 * Encodes an {@link Alert} as a flat FlowSentry JSON object with snake_case names, for webhooks and
 * scripts that want one level of fields rather than ECS's nesting ({@code --format json}).
 *
 * <p>Fields: {@code timestamp}, {@code event_id}, {@code id}, {@code sequence}, {@code type},
 * {@code subtype}, {@code state}, {@code severity}, {@code severity_score}, {@code host}, {@code
 * source_ip}, {@code destination_ip}, {@code destination_port}, {@code protocol}, {@code metric},
 * {@code observed}, {@code baseline}, {@code threshold}, {@code start}, {@code end}, {@code
 * rule_id}, {@code rule_name}, {@code technique_id}, {@code host_group}, {@code message} and the
 * {@code evidence} object of the ECS encoding. Absent values are left out. Thread-safe.
 */
public final class JsonAlertEncoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The flat JSON object as UTF-8 bytes, on one line. */
    public byte[] encode(Alert alert) {
        try {
            return MAPPER.writeValueAsBytes(toNode(alert));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot happen writing a tree to memory", e);
        }
    }

    /** The flat JSON object as a Jackson tree. */
    public ObjectNode toNode(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("timestamp", alert.timestamp().toString());
        node.put("event_id", alert.eventId());
        node.put("id", alert.id());
        node.put("sequence", alert.sequence());
        node.put("type", alert.type().code());
        node.put("subtype", alert.subtype());
        node.put("state", alert.state().code());
        node.put("severity", alert.severity().label());
        node.put("severity_score", alert.severity().score());
        node.put("host", alert.host());
        putEndpoints(node, alert);
        node.put("metric", alert.metric());
        putFigure(node, "observed", alert.observed());
        putFigure(node, "baseline", alert.baseline());
        putFigure(node, "threshold", alert.threshold());
        node.put("start", alert.start().toString());
        node.put("end", alert.end().toString());
        node.put("rule_id", alert.kind().ruleId());
        node.put("rule_name", alert.kind().ruleName());
        node.put("technique_id", alert.kind().techniqueId());
        if (alert.hostGroup() != null) {
            node.put("host_group", alert.hostGroup());
        }
        node.put("message", AlertText.summary(alert));
        node.set("evidence", EcsAlertEncoder.evidence(alert.evidence()));
        return node;
    }

    private static void putEndpoints(ObjectNode node, Alert alert) {
        if (alert.sourceIp() != null) {
            node.put("source_ip", alert.sourceIp());
        }
        if (alert.destinationIp() != null) {
            node.put("destination_ip", alert.destinationIp());
        }
        if (alert.destinationPort() != Alert.NONE) {
            node.put("destination_port", alert.destinationPort());
        }
        if (alert.protocol() != Alert.NONE) {
            node.put("protocol", alert.protocol());
        }
    }

    private static void putFigure(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
