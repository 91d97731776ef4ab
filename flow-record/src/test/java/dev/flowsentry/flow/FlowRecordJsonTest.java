package dev.flowsentry.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowRecordJsonTest {

    private final FlowRecordJson json = new FlowRecordJson();
    private final ObjectMapper mapper = new ObjectMapper();

    private static FlowRecord fullRecord() {
        return FlowRecord.builder()
                .exporter(IpAddress.parse("192.0.2.10"))
                .observationDomain(4_000_000_000L)
                .version(10)
                .sequence(4_294_967_295L)
                .flowStartMs(1_700_000_000_000L)
                .flowEndMs(1_700_000_004_250L)
                .receivedMs(1_700_000_005_000L)
                .srcAddr(IpAddress.parse("2001:db8::1"))
                .dstAddr(IpAddress.parse("2001:db8::2"))
                .srcPort(51_234)
                .dstPort(443)
                .protocol(6)
                .packets(12)
                .bytes(9_000)
                .samplingRate(100)
                .tcpFlags(0x1b)
                .tos(0)
                .inputIf(3)
                .outputIf(7)
                .srcAs(64_512)
                .dstAs(4_200_000_000L)
                .nextHop(IpAddress.parse("fe80::1"))
                .direction(1)
                .srcMask(48)
                .dstMask(64)
                .vlan(100)
                .mplsLabel(1_048_575)
                .srcMac(0x123456affefeL)
                .dstMac(0x001b21bc24ddL)
                .build();
    }

    private static FlowRecord minimalRecord() {
        return FlowRecord.builder()
                .exporter(IpAddress.parse("10.0.0.1"))
                .version(5)
                .flowStartMs(1)
                .flowEndMs(2)
                .receivedMs(3)
                .srcAddr(IpAddress.parse("10.1.1.1"))
                .dstAddr(IpAddress.parse("10.2.2.2"))
                .protocol(1)
                .icmpType(8)
                .icmpCode(0)
                .packets(1)
                .bytes(84)
                .build();
    }

    @Test
    void roundTripsEveryField() throws Exception {
        FlowRecord record = fullRecord();

        assertThat(json.parse(json.toBytes(record))).isEqualTo(record);
        assertThat(json.parse(json.toBytes(minimalRecord()))).isEqualTo(minimalRecord());
    }

    @Test
    void writesSnakeCaseNamesAndLeavesAbsentFieldsOut() throws Exception {
        JsonNode node = mapper.readTree(json.toBytes(minimalRecord()));

        assertThat(node.get("src_addr").asText()).isEqualTo("10.1.1.1");
        assertThat(node.get("icmp_type").asInt()).isEqualTo(8);
        assertThat(node.get("sampling_rate").asInt()).isEqualTo(1);
        assertThat(node.get("schema_version").asInt()).isEqualTo(1);
        assertThat(node.has("tcp_flags")).isFalse();
        assertThat(node.has("next_hop")).isFalse();
        assertThat(mapper.readTree(json.toBytes(fullRecord())).get("src_mac").asText())
                .isEqualTo("12:34:56:af:fe:fe");
    }

    @Test
    void everyRecordValidatesAgainstThePublishedSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = FlowRecord.class.getResourceAsStream("flow-record.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }

        for (FlowRecord record : new FlowRecord[] {fullRecord(), minimalRecord()}) {
            Set<ValidationMessage> errors = schema.validate(mapper.readTree(json.toBytes(record)));
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void skipsUnknownFieldsForForwardCompatibility() throws Exception {
        String text = json.toJson(minimalRecord());
        String withExtra = "{\"future\":{\"nested\":[1,2]}," + text.substring(1);

        assertThat(json.parse(withExtra.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(minimalRecord());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{\"version\":5}",
                "{\"version\":5,\"flow_end_ms\":1,\"src_addr\":\"1.1.1.1\"}",
                "{\"version\":\"5\",\"flow_end_ms\":1}",
                "{\"version\":5,\"flow_end_ms\":1,\"exporter\":\"x\",\"src_addr\":\"1.1.1.1\",\"dst_addr\":\"1.1.1.2\"}",
                "{\"version\":5,\"flow_end_ms\":1,\"exporter\":\"1.1.1.1\",\"src_addr\":\"1.1.1.1\",\"dst_addr\":\"1.1.1.2\",\"sampling_rate\":0}",
                "{\"version\":5,",
            })
    void rejectsMalformedRecordsWithACheckedException(String text) {
        assertThatThrownBy(() -> json.parse(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidFlowRecordException.class)
                .hasMessageMatching(
                        "(?s)(malformed|empty|invalid|unterminated|a flow record|flow record lacks|field ).*");
    }

    @Test
    void keysByExporterAndObservationDomain() {
        assertThat(fullRecord().partitionKey()).isEqualTo("192.0.2.10/4000000000");
        assertThat(fullRecord().scaledBytes()).isEqualTo(900_000);
    }
}
