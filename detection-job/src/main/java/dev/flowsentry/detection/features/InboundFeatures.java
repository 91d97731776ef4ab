package dev.flowsentry.detection.features;

/**
 * What one destination host received in one window: the accumulator of {@link InboundAggregate}
 * and, stamped with host and window by {@link WindowStamp}, the input of the DoS detector. Counters
 * are scaled by sampling. A Flink POJO.
 */
public class InboundFeatures implements HostWindow {

    public long hostHigh;
    public long hostLow;
    public long windowStartMs;
    public long windowEndMs;

    public long packets;
    public long bytes;
    public long flows;

    /** Flows whose TCP flags have SYN without ACK: handshakes never completed. */
    public long synOnlyFlows;

    public long tcpPackets;
    public long udpPackets;
    public long icmpPackets;

    public DistinctCounter sources = new DistinctCounter();

    /** Top sources by packets. */
    public TopContributors topSources = new TopContributors();

    /** Top destination ports by packets. */
    public TopContributors topPorts = new TopContributors();

    public InboundFeatures() {}

    @Override
    public void stamp(long high, long low, long startMs, long endMs) {
        hostHigh = high;
        hostLow = low;
        windowStartMs = startMs;
        windowEndMs = endMs;
    }

    @Override
    public long hostHigh() {
        return hostHigh;
    }

    @Override
    public long hostLow() {
        return hostLow;
    }

    @Override
    public long windowStartMs() {
        return windowStartMs;
    }

    @Override
    public long windowEndMs() {
        return windowEndMs;
    }
}
