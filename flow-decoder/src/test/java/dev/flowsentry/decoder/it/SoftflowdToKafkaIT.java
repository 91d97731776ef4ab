package dev.flowsentry.decoder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.flowsentry.decoder.FlowDecoderService;
import dev.flowsentry.decoder.testing.Softflowd;
import dev.flowsentry.decoder.testing.TestPcap;
import dev.flowsentry.decoder.testing.TopicReader;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.testing.EmbeddedKafkaExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** softflowd (a real exporter) to the decoder to a real KRaft broker to a plain consumer. */
class SoftflowdToKafkaIT {

    private static final int FLOWS = 3000;

    @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir Path directory;

    @Test
    void everyFlowSoftflowdExportsLandsOnceWithKeyTimestampAndSchemaValidJson() throws Exception {
        kafka.createTopic("flows-e2e", 3);
        Path pcap = directory.resolve("flows.pcap");
        Instant start = Instant.now().minusSeconds(30);
        TestPcap.write(pcap, FLOWS, 2, start);

        List<ConsumerRecord<byte[], byte[]>> records;
        try (FlowDecoderService decoder =
                DecoderHarness.start(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--topic", "flows-e2e",
                        "--state-dir", directory.resolve("state").toString())) {
            Softflowd.export(pcap, decoder.udpPort(), 9);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> decoder.publisher().counters().published().sum() >= FLOWS);
            records =
                    TopicReader.read(
                            kafka.bootstrapServers(),
                            "flows-e2e",
                            FLOWS + 1,
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(60));
            assertThat(decoder.publisher().counters().dropped()).isZero();
            assertThat(decoder.collector().counters().queueFull().sum()).isZero();
        }

        assertThat(records).hasSize(FLOWS);
        ObjectMapper mapper = new ObjectMapper();
        JsonSchema schema = schema();
        Set<String> tuples = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode json = mapper.readTree(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(
                            json.get("exporter").asText()
                                    + "/"
                                    + json.get("observation_domain").asLong());
            assertThat(record.timestamp()).isEqualTo(json.get("flow_end_ms").asLong());
            assertThat(json.get("version").asInt()).isEqualTo(9);
            assertThat(json.get("packets").asLong()).isEqualTo(2);
            tuples.add(
                    json.get("src_addr").asText()
                            + ":"
                            + json.get("src_port").asInt()
                            + ">"
                            + json.get("dst_addr").asText()
                            + ":"
                            + json.get("dst_port").asInt()
                            + "/"
                            + json.get("protocol").asInt());
        }
        assertThat(schema.validate(mapper.readTree(records.get(0).value()))).isEmpty();
        assertThat(schema.validate(mapper.readTree(records.get(records.size() - 1).value())))
                .isEmpty();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < FLOWS; i++) {
            TestPcap.Flow flow = TestPcap.flow(i, 2);
            expected.add(
                    flow.srcAddr()
                            + ":"
                            + flow.srcPort()
                            + ">"
                            + flow.dstAddr()
                            + ":"
                            + flow.dstPort()
                            + "/"
                            + flow.protocol());
        }
        assertThat(tuples).isEqualTo(expected);
    }

    private static JsonSchema schema() throws Exception {
        try (InputStream in = FlowRecord.class.getResourceAsStream("flow-record.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }
}
