package dev.flowsentry.traffic.export;

import java.time.Duration;

/**
 * How the exporter packs and paces export messages. Build from {@link #defaults()} and change what
 * you need with the {@code with...} methods; invalid values are rejected, not clamped.
 *
 * @param protocol NetFlow v9 or IPFIX. Default NetFlow v9.
 * @param maxDatagramBytes largest message; 1400 keeps one datagram in one Ethernet frame. Default
 *     1400; at least 256, at most 65507 (the largest UDP payload over IPv4).
 * @param flushInterval how long (flow time) a record may wait for its message to fill up before it
 *     is sent anyway, as a router's export timer. Default 1 s.
 * @param templateRefreshPackets templates are sent again after this many messages. Default 20.
 * @param templateRefreshInterval templates are sent again after this much export time. Default 60
 *     s.
 * @param samplingRate 1 for unsampled; otherwise the exporter announces 1-in-N packet sampling in
 *     options data (the counters are sent as given). Default 1.
 * @param speed pacing: 1 sends each message at the flow time it would leave a router, mapped onto
 *     the wall clock from the first record on; 10 is ten times faster; 0 sends as fast as {@link
 *     #maxDatagramsPerSecond} allows. Default 0.
 * @param maxDatagramsPerSecond a cap on the send rate, so that a collector on the same machine is
 *     not flooded beyond its socket buffer; 0 for none. Default 20000.
 */
public record ExporterSettings(
        ExportProtocol protocol,
        int maxDatagramBytes,
        Duration flushInterval,
        int templateRefreshPackets,
        Duration templateRefreshInterval,
        long samplingRate,
        double speed,
        int maxDatagramsPerSecond) {

    public ExporterSettings {
        if (maxDatagramBytes < 256 || maxDatagramBytes > 65507) {
            throw new IllegalArgumentException(
                    "maxDatagramBytes must be 256..65507, found " + maxDatagramBytes);
        }
        if (flushInterval.isNegative()
                || templateRefreshInterval.isNegative()
                || templateRefreshInterval.isZero()) {
            throw new IllegalArgumentException(
                    "flushInterval must be >= 0 and templateRefreshInterval > 0");
        }
        if (templateRefreshPackets < 1
                || samplingRate < 1
                || speed < 0
                || maxDatagramsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "templateRefreshPackets and samplingRate must be >= 1, speed and maxDatagramsPerSecond >= 0");
        }
    }

    /** The defaults listed above. */
    public static ExporterSettings defaults() {
        return new ExporterSettings(
                ExportProtocol.NETFLOW_V9,
                1400,
                Duration.ofSeconds(1),
                20,
                Duration.ofSeconds(60),
                1,
                0,
                20_000);
    }

    public ExporterSettings withProtocol(ExportProtocol value) {
        return new ExporterSettings(
                value,
                maxDatagramBytes,
                flushInterval,
                templateRefreshPackets,
                templateRefreshInterval,
                samplingRate,
                speed,
                maxDatagramsPerSecond);
    }

    public ExporterSettings withMaxDatagramBytes(int value) {
        return new ExporterSettings(
                protocol,
                value,
                flushInterval,
                templateRefreshPackets,
                templateRefreshInterval,
                samplingRate,
                speed,
                maxDatagramsPerSecond);
    }

    public ExporterSettings withFlushInterval(Duration value) {
        return new ExporterSettings(
                protocol,
                maxDatagramBytes,
                value,
                templateRefreshPackets,
                templateRefreshInterval,
                samplingRate,
                speed,
                maxDatagramsPerSecond);
    }

    public ExporterSettings withTemplateRefresh(int packets, Duration interval) {
        return new ExporterSettings(
                protocol,
                maxDatagramBytes,
                flushInterval,
                packets,
                interval,
                samplingRate,
                speed,
                maxDatagramsPerSecond);
    }

    public ExporterSettings withSamplingRate(long value) {
        return new ExporterSettings(
                protocol,
                maxDatagramBytes,
                flushInterval,
                templateRefreshPackets,
                templateRefreshInterval,
                value,
                speed,
                maxDatagramsPerSecond);
    }

    public ExporterSettings withSpeed(double value) {
        return new ExporterSettings(
                protocol,
                maxDatagramBytes,
                flushInterval,
                templateRefreshPackets,
                templateRefreshInterval,
                samplingRate,
                value,
                maxDatagramsPerSecond);
    }

    public ExporterSettings withMaxDatagramsPerSecond(int value) {
        return new ExporterSettings(
                protocol,
                maxDatagramBytes,
                flushInterval,
                templateRefreshPackets,
                templateRefreshInterval,
                samplingRate,
                speed,
                value);
    }
}
