package dev.flowsentry.alerts.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.Contributor;
import dev.flowsentry.alerts.Evidence;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes an {@link Alert} as an Elastic Common Schema document: the format of the alerts topic.
 *
 * <p>The document has the ECS fields a SIEM maps without work ({@code @timestamp}, {@code event.*},
 * {@code rule.*}, {@code threat.*} with the MITRE ATT&amp;CK ids, {@code source.*}, {@code
 * destination.*}, {@code network.*}, {@code host.ip}, {@code related.ip}, {@code message}) and a
 * FlowSentry {@code alert} object with everything needed to rebuild the alert ({@link
 * EcsAlertDecoder}). Its JSON Schema is {@code dev/flowsentry/alerts/alert-ecs.schema.json} on the
 * classpath; sink-alerts/README.md has the field table.
 *
 * <p>Thread-safe and stateless.
 */
public final class EcsAlertEncoder {

    /** The ECS version the documents follow. */
    public static final String ECS_VERSION = "8.17.0";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The ECS document as UTF-8 JSON bytes, on one line. */
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
        root.putObject("ecs").put("version", ECS_VERSION);
        root.set("event", event(alert));
        root.set("rule", rule(alert.kind()));
        root.set("threat", threat(alert.kind()));
        putEndpoints(root, alert);
        root.putObject("host").putArray("ip").add(alert.host());
        ArrayNode related = root.putObject("related").putArray("ip");
        relatedAddresses(alert).forEach(related::add);
        root.put("message", AlertText.summary(alert));
        root.set("alert", alertObject(alert));
        return root;
    }

    private static ObjectNode event(Alert alert) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("kind", "alert");
        event.putArray("category").add("network").add(category(alert));
        event.putArray("type").add(eventType(alert));
        event.put("id", alert.eventId());
        event.put("severity", alert.severity().score());
        event.put("risk_score", alert.severity().score());
        event.put("start", alert.start().toString());
        event.put("end", alert.end().toString());
        event.put("duration", Duration.between(alert.start(), alert.end()).toNanos());
        event.put("dataset", "flowsentry.alerts");
        event.put("module", "flowsentry");
        event.put("action", alert.subtype() + "_" + alert.state().code());
        return event;
    }

    private static String category(Alert alert) {
        return switch (alert.type()) {
            case DOS, SCAN -> "intrusion_detection";
            case EXFILTRATION -> "threat";
        };
    }

    /** ECS {@code event.type}: the lifecycle as {@code start}, {@code info} or {@code end}. */
    private static String eventType(Alert alert) {
        return switch (alert.state()) {
            case START -> "start";
            case UPDATE -> "info";
            case END -> "end";
        };
    }

    private static ObjectNode rule(AlertKind kind) {
        ObjectNode rule = MAPPER.createObjectNode();
        rule.put("id", kind.ruleId());
        rule.put("name", kind.ruleName());
        rule.put("category", kind.type().code());
        rule.put("ruleset", "flowsentry");
        return rule;
    }

    private static ObjectNode threat(AlertKind kind) {
        ObjectNode threat = MAPPER.createObjectNode();
        threat.put("framework", "MITRE ATT&CK");
        ObjectNode tactic = threat.putObject("tactic");
        tactic.putArray("id").add(kind.type().tacticId());
        tactic.putArray("name").add(kind.type().tacticName());
        ObjectNode technique = threat.putObject("technique");
        technique.putArray("id").add(kind.parentTechniqueId());
        technique.putArray("name").add(kind.parentTechniqueName());
        technique.putArray("reference").add(kind.parentTechniqueReference());
        if (kind.isSubtechnique()) {
            ObjectNode subtechnique = technique.putObject("subtechnique");
            subtechnique.putArray("id").add(kind.techniqueId());
            subtechnique.putArray("name").add(kind.techniqueName());
            subtechnique.putArray("reference").add(kind.techniqueReference());
        }
        return threat;
    }

    private static void putEndpoints(ObjectNode root, Alert alert) {
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
        ObjectNode network = root.putObject("network");
        network.put("type", AlertText.isIpv6(alert.host()) ? "ipv6" : "ipv4");
        if (alert.protocol() != Alert.NONE) {
            String transport = AlertText.transport(alert.protocol());
            if (transport != null) {
                network.put("transport", transport);
            }
            network.put("iana_number", Integer.toString(alert.protocol()));
        }
    }

    private static Set<String> relatedAddresses(Alert alert) {
        Set<String> addresses = new LinkedHashSet<>();
        addresses.add(alert.host());
        if (alert.sourceIp() != null) {
            addresses.add(alert.sourceIp());
        }
        if (alert.destinationIp() != null) {
            addresses.add(alert.destinationIp());
        }
        return addresses;
    }

    /** The FlowSentry {@code alert} object, shared with the OCSF encoding's {@code unmapped}. */
    static ObjectNode alertObject(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", alert.id());
        node.put("sequence", alert.sequence());
        node.put("type", alert.type().code());
        node.put("subtype", alert.subtype());
        node.put("state", alert.state().code());
        node.put("host", alert.host());
        node.put("metric", alert.metric());
        putFinite(node, "observed", alert.observed());
        putFinite(node, "baseline", alert.baseline());
        putFinite(node, "threshold", alert.threshold());
        node.put("severity", alert.severity().label());
        if (alert.hostGroup() != null) {
            node.put("host_group", alert.hostGroup());
        }
        node.set("evidence", evidence(alert.evidence()));
        return node;
    }

    /** JSON has no NaN or infinity: a figure the detector could not compute is null. */
    private static void putFinite(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    static ObjectNode evidence(Evidence evidence) {
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
