package dev.flowsentry.alerts.kafka;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.encoding.EcsAlertEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How the detection job writes alerts with Flink's {@code KafkaSink}: the ECS JSON document as
 * value, the host the alert concerns as key (so one host's alerts stay in order), and the alert's
 * event time as the record timestamp.
 *
 * <pre>{@code
 * KafkaSink<Alert> sink = KafkaSink.<Alert>builder()
 *     .setBootstrapServers(servers)
 *     .setRecordSerializer(new AlertKafkaRecordSerializationSchema("alerts"))
 *     .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *     .setTransactionalIdPrefix("flowsentry-alerts")
 *     .build();
 * }</pre>
 */
public final class AlertKafkaRecordSerializationSchema
        implements KafkaRecordSerializationSchema<Alert> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient EcsAlertEncoder encoder;

    public AlertKafkaRecordSerializationSchema(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("alerts topic must not be blank");
        }
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Alert alert, KafkaSinkContext context, Long timestamp) {
        if (encoder == null) {
            encoder = new EcsAlertEncoder();
        }
        return new ProducerRecord<>(
                topic,
                null,
                alert.timestamp().toEpochMilli(),
                alert.host().getBytes(StandardCharsets.UTF_8),
                encoder.encode(alert));
    }
}
