package dev.flowsentry.alerts.forwarder;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * The forwarder's Prometheus metrics, in a registry of its own, optionally served on {@code
 * /metrics}. Destination labels are the redacted destination names.
 */
final class ForwarderMetrics implements AutoCloseable {

    /** The label of records that failed before reaching any destination (not decodable). */
    static final String NO_DESTINATION = "none";

    final PrometheusRegistry registry = new PrometheusRegistry();
    final Counter received = counter("flowsentry_forwarder_received", "Alert records read");
    final Counter filtered =
            counter("flowsentry_forwarder_filtered", "Alerts skipped by --min-severity or --type");
    final Counter undecodable =
            counter("flowsentry_forwarder_undecodable", "Records that are not a valid alert");
    final Counter delivered =
            counter("flowsentry_forwarder_delivered", "Alerts a destination accepted", true);
    final Counter retried =
            counter("flowsentry_forwarder_retried", "Delivery attempts that will be retried", true);
    final Counter failed =
            counter(
                    "flowsentry_forwarder_failed",
                    "Alerts a destination refused for good or after the last attempt",
                    true);
    final Counter deadLettered =
            counter(
                    "flowsentry_forwarder_dead_lettered",
                    "Alerts written to the dead-letter file",
                    true);
    final Gauge inFlight =
            Gauge.builder()
                    .name("flowsentry_forwarder_in_flight")
                    .help("Alerts read but not yet delivered to every destination")
                    .register(registry);
    final Gauge paused =
            Gauge.builder()
                    .name("flowsentry_forwarder_paused")
                    .help("1 while reading is paused because too many alerts are in flight")
                    .register(registry);
    final Gauge consumerLag =
            Gauge.builder()
                    .name("flowsentry_forwarder_consumer_lag")
                    .help("Records in the partition after the committed offset: not yet delivered")
                    .labelNames("topic", "partition")
                    .register(registry);

    private HTTPServer server;

    private Counter counter(String name, String help) {
        return counter(name, help, false);
    }

    private Counter counter(String name, String help, boolean perDestination) {
        Counter.Builder builder = Counter.builder().name(name).help(help);
        if (perDestination) {
            builder.labelNames("destination");
        }
        return builder.register(registry);
    }

    /**
     * Starts {@code /metrics} on {@code address} and {@code port} (0: any free port) and returns
     * the port.
     */
    synchronized int serve(String address, int port) throws IOException {
        server =
                HTTPServer.builder()
                        .hostname(address)
                        .port(port)
                        .registry(registry)
                        .buildAndStart();
        return server.getPort();
    }

    /** Makes a destination's counters appear at 0 before its first event. */
    void register(String destination) {
        delivered.initLabelValues(destination);
        retried.initLabelValues(destination);
        failed.initLabelValues(destination);
        deadLettered.initLabelValues(destination);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
