package dev.flowsentry.alerts.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.SampleAlerts;
import org.junit.jupiter.api.Test;

/** The OCSF Detection Finding carries the class, lifecycle and ATT&CK mapping OCSF defines. */
class OcsfAlertEncoderTest {

    private final OcsfAlertEncoder encoder = new OcsfAlertEncoder("0.1.0");

    @Test
    void startIsACreatedNewDetectionFinding() {
        JsonNode finding = encoder.toNode(SampleAlerts.synFloodStart());

        assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
        assertThat(finding.get("category_uid").asInt()).isEqualTo(2);
        assertThat(finding.get("activity_id").asInt()).isEqualTo(1);
        assertThat(finding.get("type_uid").asInt()).isEqualTo(200401);
        assertThat(finding.get("status_id").asInt()).isEqualTo(1);
        assertThat(finding.get("severity_id").asInt()).isEqualTo(5);
        assertThat(finding.at("/metadata/version").asText()).isEqualTo("1.3.0");
        assertThat(finding.at("/metadata/product/version").asText()).isEqualTo("0.1.0");
    }

    @Test
    void endClosesAndResolvesTheSameFinding() {
        Alert start = SampleAlerts.synFloodStart();
        Alert end = start.toBuilder().state(AlertState.END).sequence(4).build();

        JsonNode opened = encoder.toNode(start);
        JsonNode closed = encoder.toNode(end);

        assertThat(closed.get("activity_id").asInt()).isEqualTo(3);
        assertThat(closed.get("type_uid").asInt()).isEqualTo(200403);
        assertThat(closed.get("status").asText()).isEqualTo("Resolved");
        assertThat(closed.at("/finding_info/uid")).isEqualTo(opened.at("/finding_info/uid"));
        assertThat(closed.at("/metadata/uid")).isNotEqualTo(opened.at("/metadata/uid"));
    }

    @Test
    void subtechniqueIsSeparateFromItsTechnique() {
        JsonNode attack =
                encoder.toNode(SampleAlerts.synFloodStart()).at("/finding_info/attacks/0");

        assertThat(attack.at("/tactic/uid").asText()).isEqualTo("TA0040");
        assertThat(attack.at("/technique/uid").asText()).isEqualTo("T1499");
        assertThat(attack.at("/sub_technique/uid").asText()).isEqualTo("T1499.001");
    }

    @Test
    void figuresAndEvidenceTravelInUnmapped() {
        JsonNode unmapped = encoder.toNode(SampleAlerts.synFloodStart()).at("/unmapped/alert");

        assertThat(unmapped.get("observed").asDouble()).isEqualTo(120000);
        assertThat(unmapped.get("baseline").asDouble()).isEqualTo(40.5);
        assertThat(unmapped.at("/evidence/distinct_sources").asLong()).isEqualTo(5000);
    }
}
