package dev.flowsentry.detection;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.kafka.AlertKafkaRecordSerializationSchema;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.source.FlowEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The job's Kafka source and sinks, built from a {@link JobConfig}. */
public final class KafkaConnectors {

    private KafkaConnectors() {}

    /**
     * The flows source: {@link FlowEventDeserializer}, the configured starting offsets, and for a
     * backtest the configured bounds.
     */
    public static KafkaSource<FlowEvent> flowsSource(JobConfig config) {
        KafkaSourceBuilder<FlowEvent> builder =
                KafkaSource.<FlowEvent>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setTopics(config.flowsTopic())
                        .setGroupId(config.groupId())
                        .setProperties(copy(config.kafkaProperties()))
                        .setDeserializer(
                                new FlowEventDeserializer(
                                        config.settings().internalNetworks(),
                                        config.deadLetterTopic() != null));
        if (config.backtest()) {
            builder.setStartingOffsets(offsets(config.backtestFrom()));
            builder.setBounded(offsets(config.backtestUntil()));
            builder.setProperty("commit.offsets.on.checkpoint", "false");
        } else {
            builder.setStartingOffsets(offsets(config.startingOffsets()));
        }
        return builder.build();
    }

    /**
     * Event time from each flow's end, per Kafka partition (watermarks generated in the source),
     * with the configured out-of-orderness and idle-partition timeout.
     */
    public static WatermarkStrategy<FlowEvent> watermarks(
            Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<FlowEvent> strategy =
                WatermarkStrategy.<FlowEvent>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((flow, kafkaTimestamp) -> flow.endMs);
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    /**
     * The exactly-once alert sink: Kafka transactions committed on checkpoints, records from
     * sink-alerts' {@link AlertKafkaRecordSerializationSchema} (key = host).
     */
    public static KafkaSink<Alert> alertSink(JobConfig config) {
        Properties producer = copy(config.kafkaProperties());
        producer.setProperty(
                "transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
        return KafkaSink.<Alert>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new AlertKafkaRecordSerializationSchema(config.alertsTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix())
                .build();
    }

    /** The dead-letter sink: the rejected record's bytes as value, the reason as key. */
    public static KafkaSink<FlowEvent> deadLetterSink(JobConfig config) {
        return KafkaSink.<FlowEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(copy(config.kafkaProperties()))
                .setRecordSerializer(new DeadLetterSerializer(config.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static OffsetsInitializer offsets(String spec) {
        return switch (spec) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.timestamp(Long.parseLong(spec));
        };
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    private static final class DeadLetterSerializer
            implements KafkaRecordSerializationSchema<FlowEvent> {
        private static final long serialVersionUID = 1L;

        private final String topic;

        DeadLetterSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                FlowEvent event, KafkaSinkContext context, Long timestamp) {
            String reason = event.rejectReason == null ? "rejected" : event.rejectReason;
            return new ProducerRecord<>(
                    topic,
                    null,
                    timestamp,
                    reason.getBytes(StandardCharsets.UTF_8),
                    event.rejected);
        }
    }
}
