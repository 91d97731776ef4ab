package dev.flowsentry.decoder.metrics;

import dev.flowsentry.decoder.codec.DecoderCounters;
import dev.flowsentry.decoder.codec.NetFlowDecodeException;
import dev.flowsentry.decoder.collector.Collector;
import dev.flowsentry.decoder.collector.CollectorCounters;
import dev.flowsentry.decoder.publish.PublishCounters;
import dev.flowsentry.decoder.publish.TimestampPolicy;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Registers the decoder's metrics (prefix {@code flowsentry_decoder_}) in a Prometheus registry.
 * Every metric reads the counters that the threads keep anyway, at scrape time; only the Kafka send
 * latency is a histogram fed as it happens.
 */
public final class DecoderMetrics {

    private static final String PREFIX = "flowsentry_decoder_";

    private final PrometheusRegistry registry;

    public DecoderMetrics(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** The receiving and decoding side. */
    public void registerCollector(Collector collector) {
        CollectorCounters counters = collector.counters();
        byExporter(
                "datagrams_received",
                "Datagrams received from allowed exporters",
                counters.datagramsByExporter());
        byExporter(
                "received_bytes",
                "Bytes of datagrams received from allowed exporters",
                counters.bytesByExporter());
        labelled(
                "datagrams_dropped",
                "Datagrams dropped before decoding, by reason",
                new String[] {"reason"},
                callback -> {
                    callback.call(counters.notAllowed().sum(), "not_allowed");
                    callback.call(counters.queueFull().sum(), "queue_full");
                });
        counter(
                "socket_drops",
                "Datagrams the kernel dropped for the receiving sockets (/proc/net/udp)",
                collector::kernelDrops);
        gauge("queue_depth", "Datagrams waiting for a decode thread", collector::queueDepth);
        gauge(
                "queue_bytes",
                "Bytes of the datagrams waiting for a decode thread",
                collector::queueBytes);
        gauge(
                "receive_buffer_bytes",
                "Receive buffer the kernel granted per socket",
                collector::effectiveReceiveBufferBytes);
        counter(
                "decoder_failures",
                "Datagrams the decoder failed on unexpectedly, skipped",
                counters.decoderFailures()::sum);
        counter(
                "encoding_failures",
                "Records that could not be encoded, skipped",
                counters.encodingFailures()::sum);
        labelled(
                "timestamps_clamped",
                "Kafka timestamps clamped for mis-clocked exporters, by exporter and bound",
                new String[] {"exporter", "bound"},
                callback -> {
                    counters.timestampClamps(TimestampPolicy.Clamp.FUTURE)
                            .forEach(
                                    (exporter, count) ->
                                            callback.call(count.sum(), exporter, "future"));
                    counters.timestampClamps(TimestampPolicy.Clamp.PAST)
                            .forEach(
                                    (exporter, count) ->
                                            callback.call(count.sum(), exporter, "past"));
                });
    }

    /** What the decoders count. */
    public void registerDecoder(DecoderCounters counters) {
        labelled(
                "records",
                "Flow records decoded, by export version",
                new String[] {"version"},
                callback -> {
                    for (int version : new int[] {5, 9, 10}) {
                        callback.call(counters.recordsOut(version), String.valueOf(version));
                    }
                });
        labelled(
                "decode_errors",
                "Malformed datagrams or sets, by reason",
                new String[] {"reason"},
                callback -> {
                    for (NetFlowDecodeException.Reason reason :
                            NetFlowDecodeException.Reason.values()) {
                        callback.call(counters.decodeErrors(reason), reason.label());
                    }
                });
        registerTemplates(counters);
        counter("options_records", "Options data records read", counters.optionsRecords()::sum);
        counter("sequence_gaps", "Sequence number gaps seen", counters.sequenceGaps()::sum);
        counter(
                "sequence_resets",
                "Sequence numbers resynchronised after a large jump",
                counters.sequenceResets()::sum);
        counter(
                "lost_records",
                "Flow records lost per v5 and IPFIX sequence numbers",
                counters.lostRecords()::sum);
        counter(
                "lost_packets",
                "Export packets lost per NetFlow v9 sequence numbers",
                counters.lostPackets()::sum);
        counter(
                "records_without_addresses",
                "Data records without addresses, skipped",
                counters.recordsWithoutAddresses()::sum);
        counter(
                "exporters_evicted",
                "Exporters forgotten to stay within the bound",
                counters.exportersEvicted()::sum);
    }

    private void registerTemplates(DecoderCounters counters) {
        counter(
                "template_misses",
                "Data sets whose template was not (yet) known",
                counters.templateMisses()::sum);
        counter(
                "templates_learned",
                "Templates learned or refreshed",
                counters.templatesLearned()::sum);
        counter(
                "templates_withdrawn",
                "Templates withdrawn by exporters",
                counters.templatesWithdrawn()::sum);
        counter(
                "templates_expired",
                "Templates expired without refresh",
                counters.templatesExpired()::sum);
        counter(
                "templates_restored",
                "Templates restored from the state directory",
                counters.templatesRestored()::sum);
        gauge("templates_active", "Templates currently held", counters.activeTemplates()::sum);
        gauge(
                "held_data_sets",
                "Data sets held waiting for their template",
                counters.heldDataSets()::sum);
        counter(
                "held_data_decoded",
                "Held data sets decoded once their template arrived",
                counters.heldDataDecoded()::sum);
        counter(
                "held_data_dropped",
                "Held data sets dropped (too old or over the bound)",
                counters.heldDataDropped()::sum);
    }

    /** The publishing side. */
    public void registerPublisher(PublishCounters counters) {
        counter(
                "records_accepted",
                "Flow records handed to the publisher",
                counters.accepted()::sum);
        counter(
                "records_published",
                "Flow records acknowledged by Kafka (or written to stdout)",
                counters.published()::sum);
        labelled(
                "records_dropped",
                "Flow records that did not land, by reason",
                new String[] {"reason"},
                callback -> {
                    for (PublishCounters.DropReason reason : PublishCounters.DropReason.values()) {
                        callback.call(counters.dropped(reason), reason.label());
                    }
                });
        labelled(
                "kafka_send_errors",
                "Records Kafka failed, by error type",
                new String[] {"error"},
                callback ->
                        counters.sendErrors()
                                .forEach((error, count) -> callback.call(count.sum(), error)));
        gauge(
                "publish_buffer_bytes",
                "Bytes of records waiting for Kafka",
                counters.bufferedBytes()::get);
        gauge(
                "kafka_in_flight_records",
                "Records handed to the producer and not yet acknowledged",
                counters.inFlightRecords()::get);
        Histogram latency =
                Histogram.builder()
                        .name(PREFIX + "kafka_send_latency_seconds")
                        .help(
                                "Time from handing a batch to the producer to its acknowledgement (one batch in 16)")
                        .classicUpperBounds(
                                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
                                60)
                        .classicOnly()
                        .withoutExemplars()
                        .register(registry);
        counters.onSendLatency(nanos -> latency.observe(nanos / 1e9));
    }

    private void byExporter(String name, String help, Map<String, LongAdder> counts) {
        labelled(
                name,
                help + ", by exporter (the first ones seen; later ones as other)",
                new String[] {"exporter"},
                callback ->
                        counts.forEach((exporter, count) -> callback.call(count.sum(), exporter)));
    }

    private void labelled(
            String name,
            String help,
            String[] labels,
            Consumer<CounterWithCallback.Callback> values) {
        CounterWithCallback.builder()
                .name(PREFIX + name)
                .help(help)
                .labelNames(labels)
                .callback(values)
                .register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder()
                .name(PREFIX + name)
                .help(help)
                .callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }

    private void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder()
                .name(PREFIX + name)
                .help(help)
                .callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }
}
