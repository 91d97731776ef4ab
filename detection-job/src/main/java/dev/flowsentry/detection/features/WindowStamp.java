package dev.flowsentry.detection.features;

import dev.flowsentry.detection.model.HostKey;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Stamps a window's aggregated features with the host (the key) and the window bounds.
 *
 * @param <F> the features type
 */
public final class WindowStamp<F extends HostWindow>
        extends ProcessWindowFunction<F, F, HostKey, TimeWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(HostKey host, Context context, Iterable<F> aggregated, Collector<F> out) {
        TimeWindow window = context.window();
        for (F features : aggregated) {
            features.stamp(host.high, host.low, window.getStart(), window.getEnd());
            out.collect(features);
        }
    }
}
