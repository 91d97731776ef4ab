package dev.flowsentry.decoder.collector;

import dev.flowsentry.decoder.publish.TimestampPolicy;
import dev.flowsentry.flow.IpAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the receiving and decoding threads count, read by the metrics and by tests. Per-exporter
 * counters are keyed by the bounded labels of {@link ExporterLabels}.
 */
public final class CollectorCounters {

    private final ExporterLabels labels;
    private final Map<String, LongAdder> datagramsByExporter = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytesByExporter = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> futureClampsByExporter = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> pastClampsByExporter = new ConcurrentHashMap<>();
    private final LongAdder datagramsReceived = new LongAdder();
    private final LongAdder notAllowed = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final LongAdder decoderFailures = new LongAdder();
    private final LongAdder encodingFailures = new LongAdder();

    public CollectorCounters(ExporterLabels labels) {
        this.labels = labels;
    }

    public ExporterLabels labels() {
        return labels;
    }

    /** The datagram counter of one exporter, for a receiver to keep at hand. */
    public LongAdder datagramsFrom(IpAddress exporter) {
        return datagramsByExporter.computeIfAbsent(
                labels.label(exporter), label -> new LongAdder());
    }

    /** The byte counter of one exporter, for a receiver to keep at hand. */
    public LongAdder bytesFrom(IpAddress exporter) {
        return bytesByExporter.computeIfAbsent(labels.label(exporter), label -> new LongAdder());
    }

    public Map<String, LongAdder> datagramsByExporter() {
        return datagramsByExporter;
    }

    public Map<String, LongAdder> bytesByExporter() {
        return bytesByExporter;
    }

    /** Every datagram read from the sockets, allowed or not. */
    public LongAdder datagramsReceived() {
        return datagramsReceived;
    }

    /** Datagrams from exporters outside the allow-list, dropped. */
    public LongAdder notAllowed() {
        return notAllowed;
    }

    /**
     * Datagrams dropped because their decode thread's queue was full, in datagrams ({@code
     * --queue-capacity}) or in bytes ({@code --queue-capacity-bytes}).
     */
    public LongAdder queueFull() {
        return queueFull;
    }

    /** Datagrams whose decoding failed with an unexpected exception (a decoder bug), skipped. */
    public LongAdder decoderFailures() {
        return decoderFailures;
    }

    /** Records that could not be encoded or protected, skipped. */
    public LongAdder encodingFailures() {
        return encodingFailures;
    }

    /** Counts a Kafka timestamp clamped for a record of {@code exporter}. */
    public void timestampClamped(IpAddress exporter, TimestampPolicy.Clamp clamp) {
        Map<String, LongAdder> byExporter =
                clamp == TimestampPolicy.Clamp.FUTURE
                        ? futureClampsByExporter
                        : pastClampsByExporter;
        byExporter.computeIfAbsent(labels.label(exporter), label -> new LongAdder()).increment();
    }

    public Map<String, LongAdder> timestampClamps(TimestampPolicy.Clamp clamp) {
        return clamp == TimestampPolicy.Clamp.FUTURE
                ? futureClampsByExporter
                : pastClampsByExporter;
    }

    /** Clamped timestamps of every exporter, both directions. */
    public long timestampClamps() {
        long total = 0;
        for (LongAdder counter : futureClampsByExporter.values()) {
            total += counter.sum();
        }
        for (LongAdder counter : pastClampsByExporter.values()) {
            total += counter.sum();
        }
        return total;
    }
}
