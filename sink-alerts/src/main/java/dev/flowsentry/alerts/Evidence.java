package dev.flowsentry.alerts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the detector saw in the window that raised or updated an alert: totals (scaled by sampling),
 * distinct counts and the top contributors.
 *
 * <p>A count the detector did not compute is -1. Lists are at most a handful of entries, largest
 * first.
 */
public final class Evidence implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The value of a count (and of {@link #failedShare()}) that the detector did not compute. */
    public static final long NOT_COMPUTED = -1;

    private final long flows;
    private final long packets;
    private final long bytes;
    private final long distinctSources;
    private final long distinctDestinations;
    private final long distinctPorts;
    private final double failedShare;
    private final String unit;
    private final ArrayList<Contributor> topSources;
    private final ArrayList<Contributor> topDestinations;
    private final ArrayList<Contributor> topPorts;

    private Evidence(Builder builder) {
        this.flows = builder.flows;
        this.packets = builder.packets;
        this.bytes = builder.bytes;
        this.distinctSources = builder.distinctSources;
        this.distinctDestinations = builder.distinctDestinations;
        this.distinctPorts = builder.distinctPorts;
        this.failedShare = builder.failedShare;
        this.unit = builder.unit;
        this.topSources = new ArrayList<>(builder.topSources);
        this.topDestinations = new ArrayList<>(builder.topDestinations);
        this.topPorts = new ArrayList<>(builder.topPorts);
    }

    /** A builder with every count {@link #NOT_COMPUTED} and empty contributor lists. */
    public static Builder builder() {
        return new Builder();
    }

    /** Flows in the window, scaled by sampling, or {@link #NOT_COMPUTED}. */
    public long flows() {
        return flows;
    }

    /** Packets in the window, scaled by sampling, or {@link #NOT_COMPUTED}. */
    public long packets() {
        return packets;
    }

    /** Bytes in the window, scaled by sampling, or {@link #NOT_COMPUTED}. */
    public long bytes() {
        return bytes;
    }

    /** Distinct source addresses seen, or {@link #NOT_COMPUTED}. */
    public long distinctSources() {
        return distinctSources;
    }

    /** Distinct destination addresses seen, or {@link #NOT_COMPUTED}. */
    public long distinctDestinations() {
        return distinctDestinations;
    }

    /** Distinct destination ports seen, or {@link #NOT_COMPUTED}. */
    public long distinctPorts() {
        return distinctPorts;
    }

    /** Share of connection attempts that failed or went unanswered, 0 to 1, or -1. */
    public double failedShare() {
        return failedShare;
    }

    /** What the contributors' values count: {@code packets}, {@code bytes}, {@code flows}... */
    public String unit() {
        return unit;
    }

    /** The largest sources, largest first. */
    public List<Contributor> topSources() {
        return Collections.unmodifiableList(topSources);
    }

    /** The largest destinations or peers, largest first. */
    public List<Contributor> topDestinations() {
        return Collections.unmodifiableList(topDestinations);
    }

    /** The largest destination ports, largest first. */
    public List<Contributor> topPorts() {
        return Collections.unmodifiableList(topPorts);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Evidence)) {
            return false;
        }
        Evidence that = (Evidence) other;
        return flows == that.flows
                && packets == that.packets
                && bytes == that.bytes
                && distinctSources == that.distinctSources
                && distinctDestinations == that.distinctDestinations
                && distinctPorts == that.distinctPorts
                && Double.compare(failedShare, that.failedShare) == 0
                && Objects.equals(unit, that.unit)
                && topSources.equals(that.topSources)
                && topDestinations.equals(that.topDestinations)
                && topPorts.equals(that.topPorts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                flows, packets, bytes, distinctSources, distinctDestinations, topSources);
    }

    @Override
    public String toString() {
        return "Evidence{flows="
                + flows
                + ", packets="
                + packets
                + ", bytes="
                + bytes
                + ", distinctSources="
                + distinctSources
                + ", distinctDestinations="
                + distinctDestinations
                + ", distinctPorts="
                + distinctPorts
                + ", failedShare="
                + failedShare
                + ", topSources="
                + topSources
                + ", topDestinations="
                + topDestinations
                + ", topPorts="
                + topPorts
                + '}';
    }

    /** Builds {@link Evidence}; counts start as {@link #NOT_COMPUTED}. */
    public static final class Builder {
        private long flows = NOT_COMPUTED;
        private long packets = NOT_COMPUTED;
        private long bytes = NOT_COMPUTED;
        private long distinctSources = NOT_COMPUTED;
        private long distinctDestinations = NOT_COMPUTED;
        private long distinctPorts = NOT_COMPUTED;
        private double failedShare = NOT_COMPUTED;
        private String unit = "packets";
        private List<Contributor> topSources = List.of();
        private List<Contributor> topDestinations = List.of();
        private List<Contributor> topPorts = List.of();

        private Builder() {}

        public Builder flows(long value) {
            flows = value;
            return this;
        }

        public Builder packets(long value) {
            packets = value;
            return this;
        }

        public Builder bytes(long value) {
            bytes = value;
            return this;
        }

        public Builder distinctSources(long value) {
            distinctSources = value;
            return this;
        }

        public Builder distinctDestinations(long value) {
            distinctDestinations = value;
            return this;
        }

        public Builder distinctPorts(long value) {
            distinctPorts = value;
            return this;
        }

        public Builder failedShare(double value) {
            failedShare = value;
            return this;
        }

        public Builder unit(String value) {
            unit = Objects.requireNonNull(value, "unit");
            return this;
        }

        public Builder topSources(List<Contributor> value) {
            topSources = List.copyOf(value);
            return this;
        }

        public Builder topDestinations(List<Contributor> value) {
            topDestinations = List.copyOf(value);
            return this;
        }

        public Builder topPorts(List<Contributor> value) {
            topPorts = List.copyOf(value);
            return this;
        }

        public Evidence build() {
            return new Evidence(this);
        }
    }
}
