package dev.flowsentry.decoder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.decoder.FlowDecoderService;
import dev.flowsentry.decoder.publish.TimestampPolicy;
import dev.flowsentry.decoder.testing.Datagrams;
import dev.flowsentry.decoder.testing.NetFlowV5;
import dev.flowsentry.decoder.testing.TopicReader;
import dev.flowsentry.testing.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three exporters interleaved into one partition: one with a correct clock, one two hours ahead
 * (beyond the broker's default message.timestamp.after.max.ms of one hour) and one 400 days behind
 * (beyond the default retention).
 */
class MisclockedExportersIT {

    private static final int DATAGRAMS_PER_EXPORTER = 20;
    private static final int RECORDS = NetFlowV5.MAX_RECORDS;
    private static final long AHEAD_MS = Duration.ofHours(2).toMillis();
    private static final long BEHIND_MS = Duration.ofDays(400).toMillis();

    @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir Path directory;

    @Test
    void everyRecordOfCorrectFastAndSlowExportersLandsWithClampedKafkaTimestamps()
            throws Exception {
        kafka.createTopic("flows-clocks", 1);
        int expected = 3 * DATAGRAMS_PER_EXPORTER * RECORDS;
        long sentAtMs;
        try (FlowDecoderService decoder = start("flows-clocks")) {
            sentAtMs = System.currentTimeMillis();
            sendInterleaved(decoder.udpPort());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> decoder.publisher().counters().published().sum() >= expected);

            assertThat(decoder.publisher().counters().dropped()).isZero();
            assertThat(clamps(decoder, TimestampPolicy.Clamp.FUTURE))
                    .containsExactly(Map.entry("127.0.0.2", (long) expected / 3));
            assertThat(clamps(decoder, TimestampPolicy.Clamp.PAST))
                    .containsExactly(Map.entry("127.0.0.3", (long) expected / 3));
        }

        List<ConsumerRecord<byte[], byte[]>> records =
                TopicReader.read(
                        kafka.bootstrapServers(),
                        "flows-clocks",
                        expected + 1,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(60));
        assertThat(records).hasSize(expected);
        Map<String, Integer> perExporter = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode json = mapper.readTree(record.value());
            String exporter = json.get("exporter").asText();
            perExporter.merge(exporter, 1, Integer::sum);
            long flowEndMs = json.get("flow_end_ms").asLong();
            switch (exporter) {
                case "127.0.0.1" -> assertThat(record.timestamp()).isEqualTo(flowEndMs);
                case "127.0.0.2" -> {
                    assertThat(flowEndMs).isGreaterThan(sentAtMs + AHEAD_MS - 60_000);
                    assertThat(record.timestamp())
                            .isLessThanOrEqualTo(now + Duration.ofMinutes(5).toMillis())
                            .isLessThan(flowEndMs);
                }
                case "127.0.0.3" -> {
                    assertThat(flowEndMs).isLessThan(sentAtMs - BEHIND_MS + 60_000);
                    assertThat(record.timestamp())
                            .isGreaterThanOrEqualTo(sentAtMs - Duration.ofDays(1).toMillis());
                }
                default -> throw new AssertionError("unexpected exporter " + exporter);
            }
        }
        assertThat(perExporter)
                .containsOnly(
                        Map.entry("127.0.0.1", expected / 3),
                        Map.entry("127.0.0.2", expected / 3),
                        Map.entry("127.0.0.3", expected / 3));
    }

    @Test
    void withoutClampingTheBrokerRefusesWholeBatchesAndTheDropCounterMatchesTheLoss()
            throws Exception {
        kafka.createTopic("flows-unclamped", 1);
        int sent = 3 * DATAGRAMS_PER_EXPORTER * RECORDS;
        long dropped;
        try (FlowDecoderService decoder =
                start(
                        "flows-unclamped",
                        "--timestamp-max-future-ms",
                        String.valueOf(Duration.ofDays(365).toMillis()))) {
            sendInterleaved(decoder.udpPort());
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    decoder.publisher().counters().published().sum()
                                                    + decoder.publisher().counters().dropped()
                                            >= sent);
            dropped = decoder.publisher().counters().dropped();
            assertThat(decoder.publisher().counters().sendErrors())
                    .containsKey("InvalidRecordException");
        }

        List<ConsumerRecord<byte[], byte[]>> records =
                TopicReader.read(
                        kafka.bootstrapServers(),
                        "flows-unclamped",
                        sent,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(30));
        assertThat(dropped).isGreaterThan(sent / 3).isEqualTo(sent - records.size());
    }

    private FlowDecoderService start(String topic, String... extra) throws Exception {
        String[] base = {
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            topic,
            "--state-dir",
            "none",
            "--linger-ms",
            "50"
        };
        String[] arguments = new String[base.length + extra.length];
        System.arraycopy(base, 0, arguments, 0, base.length);
        System.arraycopy(extra, 0, arguments, base.length, extra.length);
        return DecoderHarness.start(arguments);
    }

    private static void sendInterleaved(int port) throws Exception {
        try (Datagrams correct = new Datagrams("127.0.0.1", port);
                Datagrams ahead = new Datagrams("127.0.0.2", port);
                Datagrams behind = new Datagrams("127.0.0.3", port)) {
            for (int i = 0; i < DATAGRAMS_PER_EXPORTER; i++) {
                long now = System.currentTimeMillis();
                correct.send(
                        NetFlowV5.datagram(now, (long) i * RECORDS, RECORDS, 1000 + i * RECORDS));
                ahead.send(
                        NetFlowV5.datagram(
                                now + AHEAD_MS, (long) i * RECORDS, RECORDS, 1000 + i * RECORDS));
                behind.send(
                        NetFlowV5.datagram(
                                now - BEHIND_MS, (long) i * RECORDS, RECORDS, 1000 + i * RECORDS));
            }
        }
    }

    private static Map<String, Long> clamps(
            FlowDecoderService decoder, TimestampPolicy.Clamp clamp) {
        Map<String, Long> counts = new HashMap<>();
        decoder.collector()
                .counters()
                .timestampClamps(clamp)
                .forEach((exporter, count) -> counts.put(exporter, count.sum()));
        return counts;
    }
}
