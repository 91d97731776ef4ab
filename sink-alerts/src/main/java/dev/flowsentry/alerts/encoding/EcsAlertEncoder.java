package dev.flowsentry.alerts.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.Contributor;
import dev.flowsentry.alerts.Evidence;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes an {@link Alert} as an Elastic Common Schema document: the format of the alerts topic.
 */
public final class EcsAlertEncoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The ECS document as UTF-8 JSON bytes. */
    public byte[] encode(Alert alert) {
        try {
            return MAPPER.writeValueAsBytes(toNode(alert));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot happen writing a tree to memory", e);
        }
    }

    /** The ECS document as a Jackson tree. */
    public ObjectNode toNode(Alert alert) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("@timestamp", alert.timestamp().toString());
        ObjectNode event = root.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("network").add(category(alert));
        event.putArray("type").add("info");
        event.put("id", alert.eventId());
        event.put("severity", alert.severity().score());
        event.put("risk_score", alert.severity().score());
        event.put("start", alert.start().toString());
        event.put("end", alert.end().toString());
        event.put("dataset", "flowsentry.alerts");
        event.put("module", "flowsentry");
        ObjectNode rule = root.putObject("rule");
        rule.put("id", alert.kind().ruleId());
        rule.put("name", alert.kind().ruleName());
        rule.put("category", alert.type().code());
        ObjectNode threat = root.putObject("threat");
        threat.put("framework", "MITRE ATT&CK");
        ObjectNode technique = threat.putObject("technique");
        technique.putArray("id").add(alert.kind().techniqueId());
        technique.putArray("name").add(alert.kind().techniqueName());
        if (alert.sourceIp() != null) {
            root.putObject("source").put("ip", alert.sourceIp());
        }
        if (alert.destinationIp() != null || alert.destinationPort() != Alert.NONE) {
            ObjectNode destination = root.putObject("destination");
            if (alert.destinationIp() != null) {
                destination.put("ip", alert.destinationIp());
            }
            if (alert.destinationPort() != Alert.NONE) {
                destination.put("port", alert.destinationPort());
            }
        }
        root.putObject("host").putArray("ip").add(alert.host());
        root.put("message", message(alert));
        root.set("alert", alertObject(alert));
        return root;
    }

    private static String category(Alert alert) {
        return switch (alert.type()) {
            case DOS, SCAN -> "intrusion_detection";
            case EXFILTRATION -> "threat";
        };
    }

    private static String message(Alert alert) {
        return alert.kind().ruleName()
                + " "
                + alert.state().code()
                + " on "
                + alert.host()
                + ": "
                + alert.metric()
                + " "
                + alert.observed()
                + " (baseline "
                + alert.baseline()
                + ", threshold "
                + alert.threshold()
                + ")";
    }

    private static ObjectNode alertObject(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", alert.id());
        node.put("sequence", alert.sequence());
        node.put("type", alert.type().code());
        node.put("subtype", alert.subtype());
        node.put("state", alert.state().code());
        node.put("host", alert.host());
        node.put("metric", alert.metric());
        node.put("observed", alert.observed());
        node.put("baseline", alert.baseline());
        node.put("threshold", alert.threshold());
        node.put("severity", alert.severity().label());
        if (alert.hostGroup() != null) {
            node.put("host_group", alert.hostGroup());
        }
        node.set("evidence", evidence(alert.evidence()));
        return node;
    }

    private static ObjectNode evidence(Evidence evidence) {
        ObjectNode node = MAPPER.createObjectNode();
        putCount(node, "flows", evidence.flows());
        putCount(node, "packets", evidence.packets());
        putCount(node, "bytes", evidence.bytes());
        putCount(node, "distinct_sources", evidence.distinctSources());
        putCount(node, "distinct_destinations", evidence.distinctDestinations());
        putCount(node, "distinct_ports", evidence.distinctPorts());
        if (evidence.failedShare() >= 0) {
            node.put("failed_share", evidence.failedShare());
        }
        node.put("unit", evidence.unit());
        contributors(node, "top_sources", evidence.topSources());
        contributors(node, "top_destinations", evidence.topDestinations());
        contributors(node, "top_ports", evidence.topPorts());
        return node;
    }

    private static void putCount(ObjectNode node, String name, long value) {
        if (value != Evidence.NOT_COMPUTED) {
            node.put(name, value);
        }
    }

    private static void contributors(ObjectNode node, String name, List<Contributor> list) {
        if (list.isEmpty()) {
            return;
        }
        ArrayNode array = node.putArray(name);
        for (Contributor contributor : list) {
            array.addObject().put("key", contributor.key()).put("value", contributor.value());
        }
    }
}
