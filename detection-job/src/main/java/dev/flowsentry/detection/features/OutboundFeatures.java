package dev.flowsentry.detection.features;

/**
 * What one source host sent in one window: the accumulator of {@link OutboundAggregate} and,
 * stamped with host and window, the input of the scan and exfiltration detectors. A Flink POJO.
 */
public class OutboundFeatures implements HostWindow {

    public long hostHigh;
    public long hostLow;
    public long windowStartMs;
    public long windowEndMs;

    public long flows;
    public long packets;
    public long bytes;

    /** Connection attempts: TCP flows with SYN, UDP requests, ICMP echo requests. */
    public long attempts;

    /** Attempts that failed or went unanswered (see {@link OutboundAggregate}). */
    public long failedAttempts;

    public DistinctCounter destinations = new DistinctCounter();
    public DistinctCounter ports = new DistinctCounter();

    /** Per (protocol, port): distinct hosts reached. */
    public FanoutTable portFanout = new FanoutTable();

    /** Per destination host: distinct ports reached. */
    public FanoutTable hostFanout = new FanoutTable();

    /** Bytes to external networks, without allow-listed peers. */
    public long externalBytes;

    public long externalPackets;
    public long externalFlows;

    /** Top external peers by bytes. */
    public TopContributors topExternalPeers = new TopContributors();

    /** Top destination hosts by attempts. */
    public TopContributors topDestinations = new TopContributors();

    /** Top destination ports by attempts. */
    public TopContributors topPorts = new TopContributors();

    public OutboundFeatures() {}

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
