package dev.flowsentry.decoder;

import dev.flowsentry.decoder.codec.DecoderCounters;
import dev.flowsentry.decoder.codec.NetFlowDecoder;
import dev.flowsentry.decoder.collector.Collector;
import dev.flowsentry.decoder.collector.CollectorCounters;
import dev.flowsentry.decoder.collector.CollectorSettings;
import dev.flowsentry.decoder.collector.ExporterLabels;
import dev.flowsentry.decoder.collector.NetFlowDatagramDecoder;
import dev.flowsentry.decoder.collector.RecordEncoder;
import dev.flowsentry.decoder.config.DecoderOptions;
import dev.flowsentry.decoder.metrics.DecoderMetrics;
import dev.flowsentry.decoder.metrics.MetricsServer;
import dev.flowsentry.decoder.privacy.FieldDropper;
import dev.flowsentry.decoder.privacy.PrefixPreservingPseudonymizer;
import dev.flowsentry.decoder.privacy.RecordPrivacy;
import dev.flowsentry.decoder.publish.FlowPublisher;
import dev.flowsentry.decoder.publish.KafkaFlowPublisher;
import dev.flowsentry.decoder.publish.ProducerTuning;
import dev.flowsentry.decoder.publish.StdoutFlowPublisher;
import dev.flowsentry.decoder.publish.TimestampPolicy;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole decoder, wired from {@link DecoderOptions}: collector (UDP receivers and decode
 * threads), publisher (Kafka or stdout), metrics and health. {@link #close()} stops receiving,
 * drains the queues, flushes the publisher and saves the templates within the shutdown timeout.
 */
public final class FlowDecoderService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowDecoderService.class);

    private final DecoderOptions options;
    private final DecoderCounters decoderCounters;
    private final FlowPublisher publisher;
    private final Collector collector;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private MetricsServer metricsServer;

    private FlowDecoderService(
            DecoderOptions options,
            Collector.DecoderFactory decoders,
            DecoderCounters decoderCounters,
            FlowPublisher publisher,
            Clock clock)
            throws IOException {
        this.options = options;
        this.decoderCounters = decoderCounters;
        this.publisher = publisher;
        CollectorCounters counters =
                new CollectorCounters(new ExporterLabels(options.metricsMaxExporters()));
        Supplier<RecordEncoder> encoders = encoders(options, counters);
        this.collector =
                new Collector(
                        collectorSettings(options), decoders, encoders, publisher, counters, clock);
    }

    /** Starts the decoder with the real NetFlow decoder and the configured output. */
    public static FlowDecoderService start(DecoderOptions options) throws IOException {
        DecoderCounters decoderCounters = new DecoderCounters();
        Collector.DecoderFactory decoders =
                (index, owns) ->
                        new NetFlowDatagramDecoder(
                                new NetFlowDecoder(options.decoderSettings(), decoderCounters),
                                owns);
        return start(options, decoders, decoderCounters, Clock.systemUTC());
    }

    /**
     * Starts the decoder with the given decoders (tests may stub them) and clock.
     *
     * @param decoderCounters the counters the decoders update, for the metrics
     */
    public static FlowDecoderService start(
            DecoderOptions options,
            Collector.DecoderFactory decoders,
            DecoderCounters decoderCounters,
            Clock clock)
            throws IOException {
        return start(options, decoders, decoderCounters, publisher(options), clock);
    }

    /**
     * Starts the decoder with the given decoders, publisher (instead of the configured output) and
     * clock; the service closes the publisher when it closes.
     */
    public static FlowDecoderService start(
            DecoderOptions options,
            Collector.DecoderFactory decoders,
            DecoderCounters decoderCounters,
            FlowPublisher publisher,
            Clock clock)
            throws IOException {
        FlowDecoderService service;
        try {
            service = new FlowDecoderService(options, decoders, decoderCounters, publisher, clock);
        } catch (IOException | RuntimeException e) {
            publisher.close(Duration.ZERO);
            throw e;
        }
        try {
            service.startServing();
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void startServing() throws IOException {
        if (options.allow().isEmpty()) {
            LOG.warn(
                    "No exporter allow-list (--allow): datagrams from any source are decoded;"
                            + " set --allow to the exporters' networks");
        }
        DecoderMetrics metrics = new DecoderMetrics(registry);
        metrics.registerCollector(collector);
        metrics.registerDecoder(decoderCounters);
        metrics.registerPublisher(publisher.counters());
        JvmMetrics.builder().register(registry);
        collector.start();
        if (options.metricsPort() >= 0) {
            metricsServer =
                    MetricsServer.start(
                            options.metricsAddress(),
                            options.metricsPort(),
                            registry,
                            this::health);
            LOG.info(
                    "Metrics on http://{}:{}/metrics, health on /health",
                    options.metricsAddress(),
                    metricsServer.port());
        }
        LOG.info(
                "Flow decoder started: UDP port {}, {} decode thread(s), output {}",
                collector.localPort(),
                options.decodeWorkers(),
                options.output() == DecoderOptions.Output.KAFKA
                        ? "Kafka topic " + options.topic() + " at " + options.bootstrapServers()
                        : "stdout");
    }

    private static CollectorSettings collectorSettings(DecoderOptions options) {
        return new CollectorSettings(
                options.listen(),
                options.receiveThreads(),
                options.receiveBufferBytes(),
                options.decodeWorkers(),
                options.queueCapacity(),
                options.queueCapacityBytes(),
                options.allow(),
                options.stateDir(),
                options.templateSaveInterval());
    }

    private static Supplier<RecordEncoder> encoders(
            DecoderOptions options, CollectorCounters counters) throws IOException {
        byte[] key =
                options.pseudonymizeKeyFile() == null
                        ? null
                        : PrefixPreservingPseudonymizer.readKey(options.pseudonymizeKeyFile());
        FieldDropper dropper = new FieldDropper(options.dropFields());
        TimestampPolicy timestamps =
                new TimestampPolicy(options.timestampMaxFuture(), options.timestampMaxPast());
        if (key != null) {
            LOG.info("Pseudonymising addresses outside {}", options.internalNetworks());
        }
        return () ->
                new RecordEncoder(
                        new RecordPrivacy(
                                dropper,
                                key == null ? null : new PrefixPreservingPseudonymizer(key),
                                options.internalNetworks()),
                        timestamps,
                        counters);
    }

    private static FlowPublisher publisher(DecoderOptions options) throws IOException {
        if (options.output() == DecoderOptions.Output.STDOUT) {
            return new StdoutFlowPublisher(
                    new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        }
        ProducerTuning tuning =
                new ProducerTuning(
                        options.compression(),
                        options.lingerMs(),
                        options.batchSizeBytes(),
                        options.producerBufferBytes(),
                        options.deliveryTimeout());
        return KafkaFlowPublisher.create(
                KafkaFlowPublisher.producerConfig(
                        options.bootstrapServers(),
                        tuning,
                        clientProperties(options.kafkaConfig())),
                options.topic(),
                options.publishBufferBytes());
    }

    /** The Kafka client properties file; its content is never logged. */
    private static Properties clientProperties(Path file) throws IOException {
        Properties properties = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            LOG.info("Kafka client settings read from {} ({} entries)", file, properties.size());
        }
        return properties;
    }

    /** Healthy while every receiving and decode thread runs and the publisher delivers. */
    public MetricsServer.Health health() {
        boolean receiving = collector.isReceiving();
        String detail =
                (receiving ? "receiving on UDP port " + collector.localPort() : "not receiving")
                        + "; "
                        + publisher.healthDetail();
        return new MetricsServer.Health(receiving && publisher.isHealthy(), detail);
    }

    public Collector collector() {
        return collector;
    }

    public FlowPublisher publisher() {
        return publisher;
    }

    public DecoderCounters decoderCounters() {
        return decoderCounters;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The UDP port receiving. */
    public int udpPort() {
        return collector.localPort();
    }

    /** The metrics port, or -1 when metrics are off. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** Stops receiving, drains, flushes and saves templates within the shutdown timeout. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        try {
            collector.close(options.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (metricsServer != null) {
            metricsServer.close();
        }
        LOG.info(
                "Flow decoder stopped: {} datagrams received, {} records published, {} dropped",
                collector.counters().datagramsReceived().sum(),
                publisher.counters().published().sum(),
                publisher.counters().dropped());
    }
}
