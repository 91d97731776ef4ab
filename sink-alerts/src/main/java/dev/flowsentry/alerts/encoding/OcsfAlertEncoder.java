package dev.flowsentry.alerts.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import java.io.UncheckedIOException;

/**
 * Encodes an {@link Alert} as an OCSF 1.3 Detection Finding ({@code class_uid} 2004, {@code
 * category_uid} 2 Findings), for SIEMs and data lakes that ingest the Open Cybersecurity Schema
 * Framework (Amazon Security Lake, Splunk, Sentinel).
 *
 * <p>The lifecycle maps to {@code activity_id} (1 Create, 2 Update, 3 Close) and {@code status_id}
 * (1 New, 2 In Progress, 4 Resolved); the incident id is {@code finding_info.uid}, the message's
 * event id {@code metadata.uid}; MITRE ATT&amp;CK goes to {@code finding_info.attacks}, endpoints
 * to {@code evidences} and {@code observables}, and the FlowSentry {@code alert} object (observed
 * value, baseline, threshold, evidence) to {@code unmapped.alert}. sink-alerts/README.md has the
 * mapping table. Thread-safe and stateless.
 */
public final class OcsfAlertEncoder {

    /** The OCSF schema version the documents follow. */
    public static final String OCSF_VERSION = "1.3.0";

    private static final int CLASS_UID = 2004;
    private static final int CATEGORY_UID = 2;
    private static final int IP_ADDRESS_OBSERVABLE = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String productVersion;

    /** An encoder that writes this build's FlowSentry version into {@code metadata.product}. */
    public OcsfAlertEncoder() {
        this(AlertText.PRODUCT_VERSION);
    }

    /** An encoder with a fixed product version, for example for golden files. */
    public OcsfAlertEncoder(String productVersion) {
        if (productVersion == null || productVersion.isBlank()) {
            throw new IllegalArgumentException("OCSF product version must not be blank");
        }
        this.productVersion = productVersion;
    }

    /** The Detection Finding as UTF-8 JSON bytes, on one line. */
    public byte[] encode(Alert alert) {
        try {
            return MAPPER.writeValueAsBytes(toNode(alert));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot happen writing a tree to memory", e);
        }
    }

    /** The Detection Finding as a Jackson tree. */
    public ObjectNode toNode(Alert alert) {
        ObjectNode root = MAPPER.createObjectNode();
        int activityId = activityId(alert);
        root.put("activity_id", activityId);
        root.put("activity_name", activityName(activityId));
        root.put("category_uid", CATEGORY_UID);
        root.put("category_name", "Findings");
        root.put("class_uid", CLASS_UID);
        root.put("class_name", "Detection Finding");
        root.put("type_uid", CLASS_UID * 100 + activityId);
        root.put("type_name", "Detection Finding: " + activityName(activityId));
        root.put("time", alert.timestamp().toEpochMilli());
        root.put("start_time", alert.start().toEpochMilli());
        root.put("end_time", alert.end().toEpochMilli());
        putSeverityAndStatus(root, alert);
        root.put("message", AlertText.summary(alert));
        root.set("metadata", metadata(alert));
        root.set("finding_info", findingInfo(alert));
        root.set("evidences", evidences(alert));
        root.set("observables", observables(alert));
        root.putObject("unmapped").set("alert", EcsAlertEncoder.alertObject(alert));
        return root;
    }

    private static int activityId(Alert alert) {
        return switch (alert.state()) {
            case START -> 1;
            case UPDATE -> 2;
            case END -> 3;
        };
    }

    private static String activityName(int activityId) {
        return switch (activityId) {
            case 1 -> "Create";
            case 2 -> "Update";
            default -> "Close";
        };
    }

    private static void putSeverityAndStatus(ObjectNode root, Alert alert) {
        switch (alert.severity()) {
            case LOW -> root.put("severity_id", 2).put("severity", "Low");
            case MEDIUM -> root.put("severity_id", 3).put("severity", "Medium");
            case HIGH -> root.put("severity_id", 4).put("severity", "High");
            case CRITICAL -> root.put("severity_id", 5).put("severity", "Critical");
        }
        root.put("risk_score", alert.severity().score());
        switch (alert.state()) {
            case START -> root.put("status_id", 1).put("status", "New");
            case UPDATE -> root.put("status_id", 2).put("status", "In Progress");
            case END -> root.put("status_id", 4).put("status", "Resolved");
        }
    }

    private ObjectNode metadata(Alert alert) {
        ObjectNode metadata = MAPPER.createObjectNode();
        metadata.put("version", OCSF_VERSION);
        metadata.put("uid", alert.eventId());
        metadata.put("correlation_uid", alert.id());
        metadata.put("event_code", alert.kind().ruleId());
        metadata.putObject("product")
                .put("name", "FlowSentry")
                .put("vendor_name", "FlowSentry")
                .put("version", productVersion);
        return metadata;
    }

    private static ObjectNode findingInfo(Alert alert) {
        AlertKind kind = alert.kind();
        ObjectNode info = MAPPER.createObjectNode();
        info.put("uid", alert.id());
        info.put("title", kind.ruleName());
        info.put("desc", AlertText.summary(alert));
        info.putArray("types").add(alert.type().code() + "/" + alert.subtype());
        info.put("first_seen_time", alert.start().toEpochMilli());
        info.put("last_seen_time", alert.end().toEpochMilli());
        info.putObject("analytic")
                .put("uid", kind.ruleId())
                .put("name", kind.ruleName())
                .put("category", kind.type().code())
                .put("type_id", 1)
                .put("type", "Rule");
        ObjectNode attack = info.putArray("attacks").addObject();
        attack.putObject("tactic")
                .put("uid", kind.type().tacticId())
                .put("name", kind.type().tacticName());
        attack.putObject("technique")
                .put("uid", kind.parentTechniqueId())
                .put("name", kind.parentTechniqueName());
        if (kind.isSubtechnique()) {
            attack.putObject("sub_technique")
                    .put("uid", kind.techniqueId())
                    .put("name", kind.techniqueName());
        }
        return info;
    }

    private static ArrayNode evidences(Alert alert) {
        ArrayNode evidences = MAPPER.createArrayNode();
        ObjectNode evidence = evidences.addObject();
        if (alert.sourceIp() != null) {
            evidence.putObject("src_endpoint").put("ip", alert.sourceIp());
        }
        if (alert.destinationIp() != null || alert.destinationPort() != Alert.NONE) {
            ObjectNode destination = evidence.putObject("dst_endpoint");
            if (alert.destinationIp() != null) {
                destination.put("ip", alert.destinationIp());
            }
            if (alert.destinationPort() != Alert.NONE) {
                destination.put("port", alert.destinationPort());
            }
        }
        if (alert.protocol() != Alert.NONE) {
            ObjectNode connection = evidence.putObject("connection_info");
            connection.put("protocol_num", alert.protocol());
            String transport = AlertText.transport(alert.protocol());
            if (transport != null) {
                connection.put("protocol_name", transport);
            }
        }
        if (evidence.isEmpty()) {
            evidence.putObject("device").put("ip", alert.host());
        }
        return evidences;
    }

    private static ArrayNode observables(Alert alert) {
        ArrayNode observables = MAPPER.createArrayNode();
        addIpObservable(observables, "alert.host", alert.host());
        addIpObservable(observables, "src_endpoint.ip", alert.sourceIp());
        addIpObservable(observables, "dst_endpoint.ip", alert.destinationIp());
        return observables;
    }

    private static void addIpObservable(ArrayNode observables, String name, String address) {
        if (address != null) {
            observables
                    .addObject()
                    .put("name", name)
                    .put("type_id", IP_ADDRESS_OBSERVABLE)
                    .put("type", "IP Address")
                    .put("value", address);
        }
    }
}
