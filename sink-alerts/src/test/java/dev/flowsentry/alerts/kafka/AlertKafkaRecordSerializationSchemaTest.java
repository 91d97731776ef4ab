package dev.flowsentry.alerts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.encoding.EcsAlertDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The job's KafkaSink writes the ECS document keyed by host and stamped with the alert time. */
class AlertKafkaRecordSerializationSchemaTest {

    @Test
    void recordIsKeyedByHostStampedWithAlertTimeAndHoldsTheEcsDocument() throws Exception {
        Alert alert = SampleAlerts.synFloodStart();

        ProducerRecord<byte[], byte[]> record =
                new AlertKafkaRecordSerializationSchema("alerts").serialize(alert, null, null);

        assertThat(record.topic()).isEqualTo("alerts");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("10.0.0.5");
        assertThat(record.timestamp()).isEqualTo(alert.timestamp().toEpochMilli());
        assertThat(new EcsAlertDecoder().decode(record.value())).isEqualTo(alert);
    }
}
