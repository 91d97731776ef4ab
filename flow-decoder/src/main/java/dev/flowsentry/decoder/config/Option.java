package dev.flowsentry.decoder.config;

import java.util.Locale;

/**
 * Every option of the decoder, as {@code --name VALUE} on the command line and as {@code
 * name=VALUE} in a configuration file ({@code --config}). The command line wins over the file.
 *
 * <p>Secrets never appear here: Kafka credentials come from the file named by {@link #KAFKA_CONFIG}
 * and the pseudonymisation key from the file named by {@link #PSEUDONYMIZE_KEY_FILE}.
 */
public enum Option {
    /** Prints the options with their defaults and exits. */
    HELP("", null, "print this help and exit"),
    /** A properties file holding any of these options as {@code name=value}. */
    CONFIG("FILE", null, "read options from a properties file (name=value, names without --)"),
    /** Address and UDP port to receive export datagrams on. */
    LISTEN("HOST:PORT", "0.0.0.0:2055", "address and UDP port to receive NetFlow/IPFIX on"),
    /** Where records go: {@code kafka}, or {@code stdout} (one JSON line per record). */
    OUTPUT("kafka|stdout", "kafka", "publish to Kafka, or print JSON lines to stdout"),
    /** Shorthand for {@code --output stdout}. */
    STDOUT("", null, "same as --output stdout: print records instead of publishing them"),
    /** Kafka bootstrap servers; required with {@code --output kafka}. */
    BOOTSTRAP_SERVERS("HOST:PORT,...", null, "Kafka bootstrap servers (required for kafka)"),
    /** Kafka topic for flow records. */
    TOPIC("NAME", "flows", "Kafka topic for flow records"),
    /**
     * A Kafka client properties file (security.protocol, ssl.*, sasl.*): TLS and SASL settings and
     * their secrets. Its values are passed to the producer and never logged.
     */
    KAFKA_CONFIG("FILE", null, "Kafka producer properties file (TLS, SASL); never logged"),
    /** Exporters allowed to send; datagrams from any other source are dropped and counted. */
    ALLOW("CIDR,...", null, "exporter allow-list; others are dropped and counted (default: all)"),
    /** HTTP port for /metrics (Prometheus) and /health; 0 picks a free port, -1 turns it off. */
    METRICS_PORT("PORT", "9191", "HTTP port for /metrics and /health (0: any free port, -1: off)"),
    /** Address the metrics server binds. */
    METRICS_ADDRESS("HOST", "0.0.0.0", "address the metrics server binds"),
    /** Exporters that get their own metric label; later ones share the label {@code other}. */
    METRICS_MAX_EXPORTERS("N", "256", "exporters labelled by address in metrics; the rest: other"),
    /** Socket receive buffer requested per socket; the kernel caps it at net.core.rmem_max. */
    RECEIVE_BUFFER_BYTES("BYTES", "33554432", "UDP receive buffer (capped by net.core.rmem_max)"),
    /** Receiving sockets bound to the same port with SO_REUSEPORT, one thread each. */
    RECEIVE_THREADS("N", "1", "receiving sockets/threads (SO_REUSEPORT when more than 1)"),
    /** Decode threads; each exporter always goes to the same one. */
    DECODE_WORKERS("N", "2", "decode threads; an exporter always goes to the same one"),
    /** Datagrams waiting per decode thread; a datagram arriving at a full queue is dropped. */
    QUEUE_CAPACITY("N", "8192", "datagrams queued per decode thread before drops"),
    /**
     * Bytes of datagrams waiting per decode thread; a datagram that would exceed it is dropped like
     * one arriving at a full queue. It bounds the queue's memory whatever the datagrams' size (up
     * to 64 KiB each): 8192 datagrams of 1400 bytes take 11 MiB, 8192 of 64 KiB would take 512 MiB.
     */
    QUEUE_CAPACITY_BYTES(
            "BYTES", "67108864", "bytes of datagrams queued per decode thread before drops"),
    /** Encoded records buffered while Kafka is slow or away; beyond it records are dropped. */
    PUBLISH_BUFFER_BYTES("BYTES", "134217728", "records buffered for Kafka before drops"),
    /** The producer's own buffer ({@code buffer.memory}). */
    PRODUCER_BUFFER_BYTES("BYTES", "67108864", "Kafka producer buffer.memory"),
    /** Producer compression: none, gzip, snappy, lz4 or zstd. */
    COMPRESSION("TYPE", "lz4", "Kafka compression: none, gzip, snappy, lz4, zstd"),
    /** Producer {@code linger.ms}. */
    LINGER_MS("MS", "20", "Kafka producer linger.ms"),
    /** Producer {@code batch.size}. */
    BATCH_SIZE_BYTES("BYTES", "524288", "Kafka producer batch.size"),
    /** Producer {@code delivery.timeout.ms}: how long a record may wait for the broker. */
    DELIVERY_TIMEOUT_MS(
            "MS", "600000", "how long a record may wait for Kafka before it counts as dropped"),
    /** Kafka timestamps later than now plus this are clamped to it. */
    TIMESTAMP_MAX_FUTURE_MS("MS", "300000", "clamp Kafka timestamps to at most now + this"),
    /** Kafka timestamps earlier than now minus this are clamped to it. */
    TIMESTAMP_MAX_PAST_MS("MS", "86400000", "clamp Kafka timestamps to at least now - this"),
    /** Optional fields left out of every record, for example {@code src_mac,dst_mac,next_hop}. */
    DROP_FIELDS("FIELD,...", null, "optional fields left out of every record"),
    /** A file holding the 32-byte pseudonymisation key; turns pseudonymisation on. */
    PSEUDONYMIZE_KEY_FILE(
            "FILE", null, "key file (32 bytes or 64 hex digits): pseudonymise external addresses"),
    /** Networks whose addresses are never pseudonymised. */
    INTERNAL_NETWORKS(
            "CIDR,...",
            "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7",
            "internal networks, kept clear by pseudonymisation"),
    /** Directory for decoder state (templates); {@code none} keeps no state. */
    STATE_DIR("DIR", "flow-decoder-state", "directory for persisted templates (none: off)"),
    /** How often templates are written to the state directory. */
    TEMPLATE_SAVE_INTERVAL_MS("MS", "60000", "how often templates are persisted"),
    /** How long shutdown may take to drain queues and flush Kafka. */
    SHUTDOWN_TIMEOUT_MS("MS", "15000", "time allowed at shutdown to drain and flush"),
    /** Sampling rate applied when an exporter announces none. */
    DEFAULT_SAMPLING_RATE("N", "1", "sampling rate when an exporter announces none"),
    /** Sampling rates forced per exporter network, over what the exporters announce. */
    SAMPLING_OVERRIDES("CIDR=N,...", null, "sampling rate forced per exporter network"),
    /** Templates kept per exporter. */
    MAX_TEMPLATES_PER_EXPORTER("N", "1024", "templates kept per exporter"),
    /** Fields a template may declare; a template with more is rejected before any allocation. */
    MAX_FIELDS_PER_TEMPLATE("N", "256", "fields a template may declare"),
    /** Data sets held per exporter while their template is missing. */
    MAX_HELD_DATA_SETS("N", "256", "data sets held per exporter waiting for a template"),
    /** Bytes of data sets held per exporter while their template is missing. */
    MAX_HELD_BYTES("BYTES", "4194304", "bytes of data sets held per exporter for a template"),
    /** How long a held data set waits for its template. */
    MAX_HELD_AGE_MS("MS", "120000", "how long held data waits for its template"),
    /** Template lifetime without refresh (RFC 7011 section 8.4). */
    TEMPLATE_LIFETIME_MS("MS", "1800000", "template lifetime without refresh"),
    /** Exporters whose decoding state is kept. */
    MAX_EXPORTERS("N", "65536", "exporters whose decoding state is kept");

    private final String argument;
    private final String defaultValue;
    private final String description;

    Option(String argument, String defaultValue, String description) {
        this.argument = argument;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name without dashes, as in a configuration file: {@code bootstrap-servers}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The command line form: {@code --bootstrap-servers}. */
    public String flag() {
        return "--" + optionName();
    }

    /** Whether the option is a flag without value. */
    public boolean isFlag() {
        return argument.isEmpty();
    }

    /** What the value looks like, for the help text. */
    public String argument() {
        return argument;
    }

    /** The default as text, or null when the option has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The option with this name (without dashes), or null. */
    public static Option byName(String name) {
        for (Option option : values()) {
            if (option.optionName().equals(name)) {
                return option;
            }
        }
        return null;
    }
}
