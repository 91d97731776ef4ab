package dev.flowsentry.decoder.collector;

import dev.flowsentry.flow.IpAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metric labels for exporters with bounded cardinality: the first {@code maxExporters} exporters
 * seen get their address as label, every later one shares {@link #OTHER}. A flood of spoofed
 * sources cannot blow up the metrics.
 */
public final class ExporterLabels {

    /** The label shared by exporters beyond the bound. */
    public static final String OTHER = "other";

    private final int maxExporters;
    private final ConcurrentHashMap<IpAddress, String> labels = new ConcurrentHashMap<>();

    public ExporterLabels(int maxExporters) {
        this.maxExporters = maxExporters;
    }

    /** The label of {@code exporter}. */
    public String label(IpAddress exporter) {
        String label = labels.get(exporter);
        if (label != null) {
            return label;
        }
        if (labels.size() >= maxExporters) {
            return OTHER;
        }
        return labels.computeIfAbsent(exporter, IpAddress::toString);
    }
}
