package dev.flowsentry.decoder.config;

import dev.flowsentry.decoder.codec.DecoderSettings;
import dev.flowsentry.decoder.privacy.FieldDropper;
import dev.flowsentry.flow.IpPrefix;
import dev.flowsentry.flow.IpPrefixSet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validated, immutable options the decoder runs with; see {@link Option} for each one's meaning
 * and default.
 *
 * @param help print the help and exit ({@code --help})
 * @param listen UDP address and port to receive on ({@code --listen})
 * @param output Kafka or stdout ({@code --output}, {@code --stdout})
 * @param bootstrapServers Kafka bootstrap servers, null for stdout ({@code --bootstrap-servers})
 * @param topic the flows topic ({@code --topic})
 * @param kafkaConfig Kafka client properties file or null ({@code --kafka-config})
 * @param allow exporter allow-list; empty allows every exporter ({@code --allow})
 * @param metricsPort HTTP port for metrics and health; 0 any free port, -1 off ({@code
 *     --metrics-port})
 * @param metricsAddress address the metrics server binds ({@code --metrics-address})
 * @param metricsMaxExporters exporters with their own metric label ({@code
 *     --metrics-max-exporters})
 * @param receiveBufferBytes requested socket receive buffer ({@code --receive-buffer-bytes})
 * @param receiveThreads receiving sockets and threads ({@code --receive-threads})
 * @param decodeWorkers decode threads ({@code --decode-workers})
 * @param queueCapacity datagrams queued per decode thread ({@code --queue-capacity})
 * @param queueCapacityBytes bytes of datagrams queued per decode thread ({@code
 *     --queue-capacity-bytes})
 * @param publishBufferBytes encoded records buffered for Kafka ({@code --publish-buffer-bytes})
 * @param producerBufferBytes the producer's buffer.memory ({@code --producer-buffer-bytes})
 * @param compression producer compression type ({@code --compression})
 * @param lingerMs producer linger.ms ({@code --linger-ms})
 * @param batchSizeBytes producer batch.size ({@code --batch-size-bytes})
 * @param deliveryTimeout producer delivery.timeout.ms ({@code --delivery-timeout-ms})
 * @param timestampMaxFuture clamp bound ahead of now ({@code --timestamp-max-future-ms})
 * @param timestampMaxPast clamp bound behind now ({@code --timestamp-max-past-ms})
 * @param dropFields JSON field names left out of records ({@code --drop-fields})
 * @param pseudonymizeKeyFile key file, or null when pseudonymisation is off ({@code
 *     --pseudonymize-key-file})
 * @param internalNetworks networks kept clear by pseudonymisation ({@code --internal-networks})
 * @param stateDir where templates are persisted, or null ({@code --state-dir})
 * @param templateSaveInterval how often templates are persisted ({@code
 *     --template-save-interval-ms})
 * @param shutdownTimeout time allowed to drain and flush at shutdown ({@code
 *     --shutdown-timeout-ms})
 * @param decoderSettings the decoder's bounds and sampling ({@code --default-sampling-rate}, {@code
 *     --sampling-overrides}, {@code --max-...}, {@code --template-lifetime-ms})
 */
public record DecoderOptions(
        boolean help,
        InetSocketAddress listen,
        Output output,
        String bootstrapServers,
        String topic,
        Path kafkaConfig,
        IpPrefixSet allow,
        int metricsPort,
        String metricsAddress,
        int metricsMaxExporters,
        int receiveBufferBytes,
        int receiveThreads,
        int decodeWorkers,
        int queueCapacity,
        long queueCapacityBytes,
        long publishBufferBytes,
        long producerBufferBytes,
        String compression,
        int lingerMs,
        int batchSizeBytes,
        Duration deliveryTimeout,
        Duration timestampMaxFuture,
        Duration timestampMaxPast,
        Set<String> dropFields,
        Path pseudonymizeKeyFile,
        IpPrefixSet internalNetworks,
        Path stateDir,
        Duration templateSaveInterval,
        Duration shutdownTimeout,
        DecoderSettings decoderSettings) {

    /** Where flow records go. */
    public enum Output {
        KAFKA,
        STDOUT
    }

    private static final Set<String> COMPRESSION_TYPES =
            Set.of("none", "gzip", "snappy", "lz4", "zstd");

    /** Validates raw values; options left out take their defaults. */
    static DecoderOptions from(Map<Option, String> raw) throws BadOptionException {
        Values values = new Values(raw);
        DecoderOptions options = read(values);
        if (!options.help()
                && options.output() == Output.KAFKA
                && options.bootstrapServers() == null) {
            throw new BadOptionException(
                    Option.BOOTSTRAP_SERVERS.flag(),
                    "required with --output kafka (or use --stdout)");
        }
        return options;
    }

    private static DecoderOptions read(Values values) throws BadOptionException {
        return new DecoderOptions(
                values.isSet(Option.HELP),
                values.socketAddress(Option.LISTEN),
                values.output(),
                values.text(Option.BOOTSTRAP_SERVERS),
                values.text(Option.TOPIC),
                values.path(Option.KAFKA_CONFIG),
                values.prefixes(Option.ALLOW),
                values.integer(Option.METRICS_PORT, -1, 65535),
                values.text(Option.METRICS_ADDRESS),
                values.integer(Option.METRICS_MAX_EXPORTERS, 0, 100_000),
                values.integer(Option.RECEIVE_BUFFER_BYTES, 1, Integer.MAX_VALUE),
                values.integer(Option.RECEIVE_THREADS, 1, 64),
                values.integer(Option.DECODE_WORKERS, 1, 64),
                values.integer(Option.QUEUE_CAPACITY, 1, 1 << 20),
                values.number(Option.QUEUE_CAPACITY_BYTES, 1 << 16, Long.MAX_VALUE),
                values.number(Option.PUBLISH_BUFFER_BYTES, 1 << 16, Long.MAX_VALUE),
                values.number(Option.PRODUCER_BUFFER_BYTES, 1 << 16, Long.MAX_VALUE),
                values.choice(Option.COMPRESSION, COMPRESSION_TYPES),
                values.integer(Option.LINGER_MS, 0, 60_000),
                values.integer(Option.BATCH_SIZE_BYTES, 1, 64 << 20),
                values.milliseconds(Option.DELIVERY_TIMEOUT_MS, 1),
                values.milliseconds(Option.TIMESTAMP_MAX_FUTURE_MS, 0),
                values.milliseconds(Option.TIMESTAMP_MAX_PAST_MS, 0),
                values.dropFields(),
                values.path(Option.PSEUDONYMIZE_KEY_FILE),
                values.prefixes(Option.INTERNAL_NETWORKS),
                values.stateDir(),
                values.milliseconds(Option.TEMPLATE_SAVE_INTERVAL_MS, 1),
                values.milliseconds(Option.SHUTDOWN_TIMEOUT_MS, 0),
                values.decoderSettings());
    }

    /** Typed access to the raw values; every error names its option. */
    private static final class Values {
        private final Map<Option, String> raw;

        Values(Map<Option, String> raw) {
            this.raw = raw;
        }

        boolean isSet(Option option) {
            return raw.containsKey(option);
        }

        String text(Option option) {
            String value = raw.getOrDefault(option, option.defaultValue());
            return value == null || value.isBlank() ? null : value.trim();
        }

        Output output() throws BadOptionException {
            if (isSet(Option.STDOUT)) {
                return Output.STDOUT;
            }
            String value = choice(Option.OUTPUT, Set.of("kafka", "stdout"));
            return Output.valueOf(value.toUpperCase(Locale.ROOT));
        }

        String choice(Option option, Set<String> allowed) throws BadOptionException {
            String value = text(option);
            String normalized = value == null ? "" : value.toLowerCase(Locale.ROOT);
            if (!allowed.contains(normalized)) {
                throw new BadOptionException(
                        option.flag(), "must be one of " + allowed + ", found '" + value + "'");
            }
            return normalized;
        }

        long number(Option option, long min, long max) throws BadOptionException {
            String value = text(option);
            long number;
            try {
                number = Long.parseLong(value == null ? "" : value);
            } catch (NumberFormatException e) {
                throw new BadOptionException(option.flag(), "not a number: '" + value + "'", e);
            }
            if (number < min || number > max) {
                throw new BadOptionException(
                        option.flag(),
                        "must be between " + min + " and " + max + ", found " + number);
            }
            return number;
        }

        int integer(Option option, int min, int max) throws BadOptionException {
            return (int) number(option, min, max);
        }

        Duration milliseconds(Option option, long min) throws BadOptionException {
            return Duration.ofMillis(number(option, min, Long.MAX_VALUE / 2));
        }

        Path path(Option option) {
            String value = text(option);
            return value == null ? null : Path.of(value);
        }

        Path stateDir() {
            String value = text(Option.STATE_DIR);
            return value == null || value.equalsIgnoreCase("none") ? null : Path.of(value);
        }

        IpPrefixSet prefixes(Option option) throws BadOptionException {
            try {
                return IpPrefixSet.parse(text(option));
            } catch (IllegalArgumentException e) {
                throw new BadOptionException(option.flag(), e.getMessage(), e);
            }
        }

        InetSocketAddress socketAddress(Option option) throws BadOptionException {
            String value = text(option);
            int colon = value == null ? -1 : value.lastIndexOf(':');
            if (colon < 0) {
                throw new BadOptionException(
                        option.flag(), "expected HOST:PORT, found '" + value + "'");
            }
            String host = value.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadOptionException(option.flag(), "bad port in '" + value + "'", e);
            }
            if (port < 0 || port > 65535) {
                throw new BadOptionException(option.flag(), "port out of range in '" + value + "'");
            }
            return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        }

        Set<String> dropFields() throws BadOptionException {
            Set<String> fields = new LinkedHashSet<>();
            String value = text(Option.DROP_FIELDS);
            if (value == null) {
                return Set.of();
            }
            for (String field : value.split(",")) {
                String name = field.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !FieldDropper.DROPPABLE_FIELDS.contains(name)) {
                    throw new BadOptionException(
                            Option.DROP_FIELDS.flag(),
                            "cannot drop '"
                                    + name
                                    + "'; droppable: "
                                    + FieldDropper.DROPPABLE_FIELDS);
                }
                if (!name.isEmpty()) {
                    fields.add(name);
                }
            }
            return Set.copyOf(fields);
        }

        DecoderSettings decoderSettings() throws BadOptionException {
            return DecoderSettings.defaults()
                    .withDefaultSamplingRate(number(Option.DEFAULT_SAMPLING_RATE, 1, 1L << 32))
                    .withSamplingOverrides(samplingOverrides())
                    .withMaxTemplatesPerExporter(
                            integer(Option.MAX_TEMPLATES_PER_EXPORTER, 1, 1 << 16))
                    .withMaxFieldsPerTemplate(integer(Option.MAX_FIELDS_PER_TEMPLATE, 1, 65535))
                    .withMaxHeldDataSetsPerExporter(integer(Option.MAX_HELD_DATA_SETS, 1, 1 << 16))
                    .withMaxHeldBytesPerExporter(integer(Option.MAX_HELD_BYTES, 1, 1 << 30))
                    .withMaxHeldAge(milliseconds(Option.MAX_HELD_AGE_MS, 0))
                    .withTemplateLifetime(milliseconds(Option.TEMPLATE_LIFETIME_MS, 0))
                    .withMaxExporters(integer(Option.MAX_EXPORTERS, 1, 1 << 24));
        }

        private Map<IpPrefix, Long> samplingOverrides() throws BadOptionException {
            Map<IpPrefix, Long> overrides = new LinkedHashMap<>();
            String value = text(Option.SAMPLING_OVERRIDES);
            if (value == null) {
                return overrides;
            }
            for (String entry : value.split(",")) {
                int equals = entry.indexOf('=');
                try {
                    long rate = Long.parseLong(entry.substring(equals + 1).trim());
                    if (equals < 0 || rate < 1) {
                        throw new IllegalArgumentException("expected CIDR=RATE with RATE >= 1");
                    }
                    overrides.put(IpPrefix.parse(entry.substring(0, equals)), rate);
                } catch (IllegalArgumentException e) {
                    throw new BadOptionException(
                            Option.SAMPLING_OVERRIDES.flag(),
                            "bad entry '" + entry.trim() + "': " + e.getMessage(),
                            e);
                }
            }
            return overrides;
        }
    }
}
