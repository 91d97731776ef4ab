package dev.flowsentry.alerts.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The forwarder rebuilds exactly the alert the job encoded, and names what is wrong if not. */
class EcsAlertDecoderTest {

    private final EcsAlertEncoder encoder = new EcsAlertEncoder();
    private final EcsAlertDecoder decoder = new EcsAlertDecoder();

    static Stream<Alert> alerts() {
        return Stream.concat(
                SampleAlerts.all().values().stream(), Stream.of(SampleAlerts.hostile()));
    }

    @ParameterizedTest
    @MethodSource("alerts")
    void decodingTheEncodedDocumentGivesTheSameAlert(Alert alert) throws Exception {
        assertThat(decoder.decode(encoder.encode(alert))).isEqualTo(alert);
    }

    @Test
    void unknownFieldsFromANewerJobAreIgnored() throws Exception {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        document.putObject("future").put("field", 1);
        ((ObjectNode) document.get("alert")).put("confidence", 0.9);

        assertThat(decoder.decode(document)).isEqualTo(SampleAlerts.synFloodStart());
    }

    @Test
    void notJsonIsReportedWithoutEchoingTheBytes() {
        byte[] garbage = "secretpayload{{".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.decode(garbage))
                .isInstanceOf(AlertDecodingException.class)
                .hasMessage("alert document of 15 bytes is not JSON (error at column 15)")
                .hasNoCause();
    }

    @Test
    void missingFieldIsNamed() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        ((ObjectNode) document.get("alert")).remove("metric");

        assertThatThrownBy(() -> decoder.decode(document))
                .isInstanceOf(AlertDecodingException.class)
                .hasMessageContaining("alert.metric");
    }

    @Test
    void unknownSubtypeIsNamed() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        ((ObjectNode) document.get("alert")).put("subtype", "teleport");

        assertThatThrownBy(() -> decoder.decode(document))
                .isInstanceOf(AlertDecodingException.class)
                .hasMessageContaining("alert.subtype");
    }

    @Test
    void badTimestampIsNamed() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        ((ObjectNode) document.get("event")).put("end", "yesterday");

        assertThatThrownBy(() -> decoder.decode(document))
                .isInstanceOf(AlertDecodingException.class)
                .hasMessageContaining("event.end");
    }

    @Test
    void endBeforeStartIsRejectedByTheModel() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        ((ObjectNode) document.get("event")).put("end", "2000-01-01T00:00:00Z");

        assertThatThrownBy(() -> decoder.decode(document))
                .isInstanceOf(AlertDecodingException.class)
                .hasMessageContaining("before its start");
    }

    @Test
    void tombstoneAndNonObjectAreRejected() {
        assertThatThrownBy(() -> decoder.decode((byte[]) null))
                .isInstanceOf(AlertDecodingException.class);
        assertThatThrownBy(() -> decoder.decode(new ObjectMapper().createArrayNode()))
                .isInstanceOf(AlertDecodingException.class)
                .hasMessageContaining("not a JSON object");
    }
}
