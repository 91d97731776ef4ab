package dev.flowsentry.detection;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.detect.InboundDetector;
import dev.flowsentry.detection.detect.OutboundDetector;
import dev.flowsentry.detection.features.HostWindow;
import dev.flowsentry.detection.features.InboundFeatures;
import dev.flowsentry.detection.features.InboundFeaturesSerializer;
import dev.flowsentry.detection.features.OutboundAggregate;
import dev.flowsentry.detection.features.OutboundFeatures;
import dev.flowsentry.detection.features.PartialFeaturesOperator;
import dev.flowsentry.detection.features.PartialsAggregate;
import dev.flowsentry.detection.features.WindowStamp;
import dev.flowsentry.detection.model.AlertSerializer;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostKey;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The detection graph between the flows source and the alert sink, with a stable uid and a readable
 * name on every operator:
 *
 * <pre>
 * flows -> partial features per host and window (chained to the source)
 *   +-> [inbound partials]  keyBy(destination) -> 10 s windows (merge) -> DoS detector ---+
 *   +-> [outbound partials] keyBy(source) -> 10 s windows (merge) -> scan/exfiltration ---+-> alerts
 * </pre>
 *
 * <p>Each detector is chained to its window operator: one shuffle per direction.
 */
public final class DetectionPipeline {

    public static final String SPLIT_REJECTED_UID = "split-rejected-flows";
    public static final String PARTIAL_FEATURES_UID = "partial-features";
    public static final String INBOUND_WINDOW_UID = "inbound-features-window";
    public static final String OUTBOUND_WINDOW_UID = "outbound-features-window";
    public static final String DOS_DETECTOR_UID = "dos-detector";
    public static final String OUTBOUND_DETECTOR_UID = "scan-exfiltration-detector";

    /** Side output of the records the deserializer rejected. */
    public static final OutputTag<FlowEvent> REJECTED =
            new OutputTag<>("rejected-flow-records", TypeInformation.of(FlowEvent.class));

    private DetectionPipeline() {}

    /** The alerts of {@code flows}; rejected events, if any, must have been split off before. */
    public static DataStream<Alert> alerts(
            DataStream<FlowEvent> flows, DetectionSettings settings) {
        SingleOutputStreamOperator<InboundFeatures> partials = partialFeatures(flows, settings);
        DataStream<OutboundFeatures> outboundPartials =
                partials.getSideOutput(PartialFeaturesOperator.OUTBOUND);
        return inboundAlerts(partials, settings).union(outboundAlerts(outboundPartials, settings));
    }

    /** Splits rejected events off to {@link #REJECTED}; the main output holds the good ones. */
    public static SingleOutputStreamOperator<FlowEvent> splitRejected(DataStream<FlowEvent> flows) {
        return flows.process(new RejectedSplitter())
                .returns(FlowEvent.class)
                .uid(SPLIT_REJECTED_UID)
                .name("Split malformed flow records");
    }

    /**
     * Partial features per host and window, chained to the source: inbound ones on the main output,
     * outbound ones on {@link PartialFeaturesOperator#OUTBOUND}.
     */
    private static SingleOutputStreamOperator<InboundFeatures> partialFeatures(
            DataStream<FlowEvent> flows, DetectionSettings settings) {
        return flows.transform(
                        "Partial features per host and window",
                        InboundFeaturesSerializer.TYPE,
                        new PartialFeaturesOperator(
                                settings.window(), OutboundAggregate.of(settings)))
                .uid(PARTIAL_FEATURES_UID);
    }

    /**
     * The DoS detector after the inbound windows. The windows' output is already partitioned by
     * host, so the detector is chained to them ({@code reinterpretAsKeyedStream}) instead of
     * shuffling the features again.
     */
    private static DataStream<Alert> inboundAlerts(
            DataStream<InboundFeatures> partials, DetectionSettings settings) {
        TypeInformation<InboundFeatures> type = TypeInformation.of(InboundFeatures.class);
        DataStream<InboundFeatures> windows =
                partials.keyBy(new WindowHost<>())
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .aggregate(
                                PartialsAggregate.inbound(), new WindowStamp<>(), type, type, type)
                        .uid(INBOUND_WINDOW_UID)
                        .name("Inbound features per destination host");
        return DataStreamUtils.reinterpretAsKeyedStream(
                        windows, new WindowHost<>(), TypeInformation.of(HostKey.class))
                .process(new InboundDetector(settings), AlertSerializer.TYPE)
                .uid(DOS_DETECTOR_UID)
                .name("DoS detector");
    }

    private static DataStream<Alert> outboundAlerts(
            DataStream<OutboundFeatures> partials, DetectionSettings settings) {
        TypeInformation<OutboundFeatures> type = TypeInformation.of(OutboundFeatures.class);
        DataStream<OutboundFeatures> windows =
                partials.keyBy(new WindowHost<>())
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .aggregate(
                                PartialsAggregate.outbound(OutboundAggregate.of(settings)),
                                new WindowStamp<>(),
                                type,
                                type,
                                type)
                        .uid(OUTBOUND_WINDOW_UID)
                        .name("Outbound features per source host");
        return DataStreamUtils.reinterpretAsKeyedStream(
                        windows, new WindowHost<>(), TypeInformation.of(HostKey.class))
                .process(new OutboundDetector(settings), AlertSerializer.TYPE)
                .uid(OUTBOUND_DETECTOR_UID)
                .name("Scan and exfiltration detector");
    }

    /** Keys a flow by its destination host. */
    public static final class DestinationHost implements KeySelector<FlowEvent, HostKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public HostKey getKey(FlowEvent flow) {
            return new HostKey(flow.dstHigh, flow.dstLow);
        }
    }

    /** Keys a flow by its source host. */
    public static final class SourceHost implements KeySelector<FlowEvent, HostKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public HostKey getKey(FlowEvent flow) {
            return new HostKey(flow.srcHigh, flow.srcLow);
        }
    }

    /** Keys a window's features by their host. */
    public static final class WindowHost<F extends HostWindow> implements KeySelector<F, HostKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public HostKey getKey(F features) {
            return new HostKey(features.hostHigh(), features.hostLow());
        }
    }

    private static final class RejectedSplitter extends ProcessFunction<FlowEvent, FlowEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(FlowEvent flow, Context context, Collector<FlowEvent> out) {
            if (flow.isRejected()) {
                context.output(REJECTED, flow);
            } else {
                out.collect(flow);
            }
        }
    }
}
