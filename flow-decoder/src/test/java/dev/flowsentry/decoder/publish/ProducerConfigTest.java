package dev.flowsentry.decoder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

    private static final ProducerTuning TUNING =
            new ProducerTuning("lz4", 20, 512 * 1024, 64L << 20, Duration.ofMinutes(10));

    @Test
    void theProducerIsDurableIdempotentCompressedAndBatched() {
        Map<String, Object> config =
                KafkaFlowPublisher.producerConfig("kafka:9092", TUNING, new Properties());

        assertThat(config)
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 20)
                .containsEntry("batch.size", 512 * 1024)
                .containsEntry("buffer.memory", 64L << 20)
                .containsEntry("delivery.timeout.ms", 600_000)
                .containsEntry("max.block.ms", 600_000L);
    }

    @Test
    void theClientPropertiesFileAddsSecuritySettingsButCannotReplaceTheSerializers() {
        Properties client = new Properties();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "SCRAM-SHA-512");
        client.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";");
        client.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");

        Map<String, Object> config =
                KafkaFlowPublisher.producerConfig("kafka:9093", TUNING, client);

        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("value.serializer", ByteArraySerializer.class.getName());
    }
}
