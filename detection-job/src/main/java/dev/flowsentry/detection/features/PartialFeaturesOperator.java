package dev.flowsentry.detection.features;

import dev.flowsentry.detection.model.FlowEvent;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Local pre-aggregation before the keyed windows, chained to the source: adds each flow to a
 * partial {@link InboundFeatures} of its destination (when internal) and a partial {@link
 * OutboundFeatures} of its source (when it {@link OutboundAggregate#mattersToTheSource matters to
 * the source}), per host and tumbling window, and emits the partials instead of the flows. The
 * windows after the {@code keyBy} merge them ({@link PartialsAggregate}).
 *
 * <p>Why: a busy host sends or receives many flows per window, and each flow used to cross a
 * shuffle (serialised, deserialised) and cost a state access and a timer registration in the window
 * operator. A partial per host and window and upstream subtask cuts the records through the
 * shuffles and the windows by the number of flows per host and window (30 times for the inbound
 * direction of the labelled scenario); see the README's Benchmarks section. The partials travel
 * with dedicated serializers ({@link InboundFeaturesSerializer#TYPE}, {@link
 * OutboundFeaturesSerializer#TYPE}).
 *
 * <p>The windows see the same flows as before, in the same windows, and judge lateness as before:
 *
 * <ul>
 *   <li>a partial is stamped with its window's last millisecond, so that the window assigner puts
 *       it in the same window as its flows;
 *   <li>a window's partials are emitted before the watermark that closes the window is forwarded,
 *       so a partial is never late where its flows would not have been;
 *   <li>a flow whose window is already closed here is emitted at once as a partial of its own, at
 *       the place in the stream where the flow would have been, so that the window drops it as late
 *       exactly when it dropped the flow;
 *   <li>every partial is emitted before an idle status is forwarded (the windows then stop waiting
 *       for this input), before a checkpoint barrier (this operator keeps no state, and a restore
 *       replays the flows after the checkpoint) and at the end of the input;
 *   <li>more than {@link #MAX_PARTIALS} partials held in one direction emit all of them, which
 *       bounds the memory when every flow has a host of its own (a spoofed flood).
 * </ul>
 *
 * <p>Exact counters and exact distinct counts equal those of the single flows; top-K lists and
 * fan-out tables are merged from partials (within their usual error bounds, identical while they
 * hold fewer than their capacity of keys), and sketched distinct counts come from an HLL union.
 */
public final class PartialFeaturesOperator extends AbstractStreamOperator<InboundFeatures>
        implements OneInputStreamOperator<FlowEvent, InboundFeatures> {

    private static final long serialVersionUID = 1L;

    /** The partial outbound features, on a side output; the main output has the inbound ones. */
    public static final OutputTag<OutboundFeatures> OUTBOUND =
            new OutputTag<>("outbound-partial-features", OutboundFeaturesSerializer.TYPE);

    /**
     * Partials held at most per direction before all of that direction are emitted: about 1 kB
     * each, so a few MB per subtask. Emitting one direction keeps the other's partials growing.
     */
    public static final int MAX_PARTIALS = 8192;

    private final long windowMs;
    private final OutboundAggregate outboundAggregate;

    private transient PartialWindows<InboundFeatures> inbound;
    private transient PartialWindows<OutboundFeatures> outbound;
    private transient StreamRecord<InboundFeatures> inboundRecord;
    private transient StreamRecord<OutboundFeatures> outboundRecord;
    private transient long currentWatermark;

    /**
     * @param window the tumbling window of the features
     * @param outboundAggregate the outbound aggregate of the job (allowed peers, probe size)
     */
    public PartialFeaturesOperator(Duration window, OutboundAggregate outboundAggregate) {
        this.windowMs = window.toMillis();
        this.outboundAggregate = outboundAggregate;
    }

    @Override
    public void open() throws Exception {
        super.open();
        inbound = new PartialWindows<>(new InboundAggregate(), windowMs);
        outbound = new PartialWindows<>(outboundAggregate, windowMs);
        inboundRecord = new StreamRecord<>(null);
        outboundRecord = new StreamRecord<>(null);
        currentWatermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<FlowEvent> element) {
        FlowEvent flow = element.getValue();
        long startMs = windowStart(element);
        boolean closed = startMs + windowMs - 1 <= currentWatermark;
        if (flow.dstInternal) {
            if (closed) {
                emitInbound(inbound.single(flow, flow.dstHigh, flow.dstLow, startMs));
            } else {
                inbound.add(flow, flow.dstHigh, flow.dstLow, startMs);
            }
        }
        if (outboundAggregate.mattersToTheSource(flow)) {
            if (closed) {
                emitOutbound(outbound.single(flow, flow.srcHigh, flow.srcLow, startMs));
            } else {
                outbound.add(flow, flow.srcHigh, flow.srcLow, startMs);
            }
        }
        if (inbound.size() > MAX_PARTIALS) {
            inbound.emitAll(this::emitInbound);
        }
        if (outbound.size() > MAX_PARTIALS) {
            outbound.emitAll(this::emitOutbound);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = mark.getTimestamp();
        if (currentWatermark == Long.MAX_VALUE) {
            emitAll();
        } else {
            inbound.emitWindowsEndingBy(currentWatermark + 1, this::emitInbound);
            outbound.emitWindowsEndingBy(currentWatermark + 1, this::emitOutbound);
        }
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) throws Exception {
        if (watermarkStatus.isIdle()) {
            emitAll();
        }
        super.processWatermarkStatus(watermarkStatus);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emitAll();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        emitAll();
        super.finish();
    }

    private long windowStart(StreamRecord<FlowEvent> element) {
        if (!element.hasTimestamp()) {
            throw new IllegalStateException(
                    "flow without event time: assign timestamps in the source (fromSource)");
        }
        return TimeWindow.getWindowStartWithOffset(element.getTimestamp(), 0, windowMs);
    }

    private void emitAll() {
        inbound.emitAll(this::emitInbound);
        outbound.emitAll(this::emitOutbound);
    }

    private void emitInbound(InboundFeatures partial) {
        output.collect(inboundRecord.replace(partial, partial.windowEndMs - 1));
    }

    private void emitOutbound(OutboundFeatures partial) {
        output.collect(OUTBOUND, outboundRecord.replace(partial, partial.windowEndMs - 1));
    }
}
