package dev.flowsentry.detection.config;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A named set of networks with its own thresholds ({@code --host-group.NAME=CIDR,...} and {@code
 * --host-group.NAME.METRIC.SETTING=value}); a host belongs to the group with the longest matching
 * prefix, and to none (the defaults) otherwise.
 */
public final class HostGroup implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final AddressMatcher networks;
    private final MetricThresholds[] thresholds;

    /**
     * @param name the group name, or null for the defaults
     * @param thresholds one entry per {@link Metric}, in ordinal order
     */
    public HostGroup(String name, AddressMatcher networks, MetricThresholds[] thresholds) {
        if (thresholds.length != Metric.values().length) {
            throw new IllegalArgumentException("one threshold set per metric is required");
        }
        this.name = name;
        this.networks = networks;
        this.thresholds = thresholds.clone();
    }

    /** The group name, or null for the defaults. */
    public String name() {
        return name;
    }

    public AddressMatcher networks() {
        return networks;
    }

    public MetricThresholds thresholds(Metric metric) {
        return thresholds[metric.ordinal()];
    }

    @Override
    public String toString() {
        return "HostGroup{" + name + " " + networks + " " + Arrays.toString(thresholds) + "}";
    }
}
