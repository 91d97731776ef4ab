package dev.flowsentry.detection.source;

import dev.flowsentry.detection.config.AddressMatcher;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.flow.InvalidFlowRecordException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns flows-topic records into {@link FlowEvent}s. A malformed record never fails the job: it is
 * counted ({@value #REJECTED_METRIC} metric of the source), logged at most once a minute per reader
 * with its partition, offset, size and reason (never its contents), and either skipped or, with a
 * dead-letter topic, passed on as a rejected event.
 */
public final class FlowEventDeserializer implements KafkaRecordDeserializationSchema<FlowEvent> {

    private static final long serialVersionUID = 1L;

    /** Name of the counter of rejected records. */
    public static final String REJECTED_METRIC = "flowRecordsRejected";

    /** Name of the counter of accepted records. */
    public static final String ACCEPTED_METRIC = "flowRecordsAccepted";

    private static final Logger LOG = LoggerFactory.getLogger(FlowEventDeserializer.class);
    private static final long WARNING_INTERVAL_MS = 60_000;

    private final AddressMatcher internalNetworks;
    private final boolean forwardRejected;

    private transient FlowEventParser parser;
    private transient Counter rejected;
    private transient Counter accepted;
    private transient long lastWarningMs;
    private transient long rejectedSinceWarning;

    /**
     * @param internalNetworks marks each flow's internal ends; empty marks every host internal
     * @param forwardRejected whether rejected records go on (to a dead-letter topic)
     */
    public FlowEventDeserializer(AddressMatcher internalNetworks, boolean forwardRejected) {
        this.internalNetworks = internalNetworks;
        this.forwardRejected = forwardRejected;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new FlowEventParser();
        rejected = context.getMetricGroup().counter(REJECTED_METRIC);
        accepted = context.getMetricGroup().counter(ACCEPTED_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FlowEvent> out) {
        if (parser == null) {
            parser = new FlowEventParser();
        }
        FlowEvent event = new FlowEvent();
        try {
            parser.parse(record.value(), event);
        } catch (InvalidFlowRecordException e) {
            reject(record, e.getMessage(), out);
            return;
        }
        boolean everyHostInternal = internalNetworks.isEmpty();
        event.srcInternal =
                everyHostInternal || internalNetworks.contains(event.srcHigh, event.srcLow);
        event.dstInternal =
                everyHostInternal || internalNetworks.contains(event.dstHigh, event.dstLow);
        if (accepted != null) {
            accepted.inc();
        }
        out.collect(event);
    }

    private void reject(
            ConsumerRecord<byte[], byte[]> record, String reason, Collector<FlowEvent> out) {
        if (rejected != null) {
            rejected.inc();
        }
        rejectedSinceWarning++;
        long nowMs = System.currentTimeMillis();
        if (nowMs - lastWarningMs >= WARNING_INTERVAL_MS) {
            LOG.warn(
                    "Skipped {} malformed flow record(s); latest at {}-{} offset {}, {} bytes: {}",
                    rejectedSinceWarning,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.value() == null ? 0 : record.value().length,
                    reason);
            lastWarningMs = nowMs;
            rejectedSinceWarning = 0;
        }
        if (forwardRejected) {
            byte[] payload = record.value() == null ? new byte[0] : record.value();
            out.collect(FlowEvent.rejected(payload, reason, record.timestamp()));
        }
    }

    @Override
    public TypeInformation<FlowEvent> getProducedType() {
        return TypeInformation.of(FlowEvent.class);
    }
}
