package dev.flowsentry.alerts.forwarder;

/**
 * Every option of the forwarder, on the command line as {@code --name VALUE} and in a {@code
 * --config} file as {@code name = VALUE}. The help text, the defaults and the README's table come
 * from here.
 */
enum Option {
    /** A properties file with any of these options as keys; the command line wins over it. */
    CONFIG("config", "FILE", "none", "read options from a properties file (keys = option names)"),
    /** The Kafka brokers to read the alerts topic from. Required. */
    BOOTSTRAP_SERVERS(
            "bootstrap-servers", "HOST:PORT[,...]", "required", "Kafka brokers to read from"),
    /** The topic the detection job writes alerts to. */
    TOPIC("topic", "NAME", "alerts", "alerts topic"),
    /** The consumer group whose committed offsets mark what has been delivered. */
    GROUP_ID("group-id", "ID", "flowsentry-forwarder", "consumer group (delivery progress)"),
    /** Kafka client properties (TLS, SASL) for the consumer: {@code security.protocol}... */
    KAFKA_CONFIG(
            "kafka-config",
            "FILE",
            "none",
            "Kafka client properties file (security.protocol, ssl.*, sasl.*)"),
    /** A destination URI; repeat for several. At least one is required. */
    TO(
            "to",
            "DESTINATION",
            "required",
            "destination URI, repeatable: syslog+udp://HOST:514, syslog+tcp://HOST:601,"
                    + " syslog+tls://HOST:6514, https://HOST/PATH, http://HOST/PATH,"
                    + " file:///PATH/alerts.jsonl, stdout"),
    /** The payload format; {@code auto} picks CEF for syslog, ECS for webhook and file, text. */
    FORMAT(
            "format",
            "auto|ecs|cef|ocsf|json|text",
            "auto",
            "payload format (auto: cef to syslog, ecs to webhook and file, text to stdout)"),
    /** Alerts below this CEF severity (0-10) or label are skipped. */
    MIN_SEVERITY(
            "min-severity",
            "0-10|low|medium|high|critical",
            "0",
            "skip alerts below this severity (CEF scale 0-10 or a label)"),
    /** The alert types to forward. */
    TYPE("type", "LIST", "dos,scan,exfiltration", "alert types to forward"),
    /** JSON-lines file that receives alerts a destination permanently refused. */
    DEAD_LETTER(
            "dead-letter",
            "FILE",
            "dead-letter.jsonl",
            "JSON-lines file for alerts that could not be delivered"),
    /** Delivery attempts per alert and destination before it goes to the dead letter. */
    MAX_ATTEMPTS(
            "max-attempts", "N", "8", "attempts per alert and destination before dead-lettering"),
    /** Wait before the first retry; doubles with each attempt up to {@link #MAX_BACKOFF}. */
    INITIAL_BACKOFF("initial-backoff", "DURATION", "500ms", "wait before the first retry"),
    /** The longest wait between two attempts. */
    MAX_BACKOFF("max-backoff", "DURATION", "30s", "longest wait between retries"),
    /** Alerts read but not yet delivered everywhere; past it the consumer pauses. */
    MAX_IN_FLIGHT(
            "max-in-flight",
            "N",
            "1000",
            "alerts read but not yet delivered; beyond it reading pauses"),
    /** Connect and request timeout for syslog and webhook destinations. */
    TIMEOUT("timeout", "DURATION", "10s", "connect and request timeout"),
    /** Port of the Prometheus endpoint ({@code /metrics}); none disables it, 0 picks one. */
    METRICS_PORT("metrics-port", "PORT", "none", "Prometheus /metrics port (none: off)"),
    /** Address the Prometheus endpoint binds: every interface by default, 127.0.0.1 for local. */
    METRICS_ADDRESS("metrics-address", "HOST", "0.0.0.0", "address the /metrics server binds"),
    /** Framing of syslog over TCP; TLS always uses octet counting (RFC 5425). */
    SYSLOG_FRAMING(
            "syslog-framing",
            "octet-counting|lf",
            "octet-counting",
            "syslog+tcp framing (RFC 6587); syslog+tls always octet-counting"),
    /** The syslog facility, by name or number. */
    SYSLOG_FACILITY("syslog-facility", "NAME|0-23", "local0", "syslog facility"),
    /** RFC 5424 APP-NAME. */
    SYSLOG_APP_NAME("syslog-app-name", "NAME", "flowsentry", "syslog APP-NAME"),
    /** RFC 5424 HOSTNAME; by default this machine's name. */
    SYSLOG_HOSTNAME("syslog-hostname", "NAME", "this host's name", "syslog HOSTNAME"),
    /** Body of webhook posts: the payload itself, or a Slack or Teams message. */
    WEBHOOK_STYLE(
            "webhook-style",
            "generic|slack|teams",
            "generic",
            "webhook body: the payload, a Slack message or a Teams card"),
    /** The header that carries the webhook token. */
    WEBHOOK_HEADER("webhook-header", "NAME", "Authorization", "header for the webhook token"),
    /** Written before the token in the header value; empty for a bare token. */
    WEBHOOK_TOKEN_SCHEME(
            "webhook-token-scheme", "WORD", "Bearer", "scheme before the token (empty: none)"),
    /** A file holding the webhook token; else the FLOWSENTRY_WEBHOOK_TOKEN variable. */
    WEBHOOK_TOKEN_FILE(
            "webhook-token-file",
            "FILE",
            "env FLOWSENTRY_WEBHOOK_TOKEN",
            "file with the webhook token"),
    /** Trust store for syslog+tls and https; by default the JVM's trusted authorities. */
    TLS_TRUST_STORE("tls-trust-store", "FILE", "JVM default", "trust store for TLS destinations"),
    /** Type of the trust store. */
    TLS_TRUST_STORE_TYPE("tls-trust-store-type", "TYPE", "PKCS12", "trust store type"),
    /** A file holding the trust store password; else FLOWSENTRY_TLS_TRUST_STORE_PASSWORD. */
    TLS_TRUST_STORE_PASSWORD_FILE(
            "tls-trust-store-password-file",
            "FILE",
            "env FLOWSENTRY_TLS_TRUST_STORE_PASSWORD",
            "file with the trust store password"),
    /** Key store with a client certificate for mutual TLS. */
    TLS_KEY_STORE("tls-key-store", "FILE", "none", "client certificate key store (mutual TLS)"),
    /** Type of the key store. */
    TLS_KEY_STORE_TYPE("tls-key-store-type", "TYPE", "PKCS12", "key store type"),
    /** A file holding the key store password; else FLOWSENTRY_TLS_KEY_STORE_PASSWORD. */
    TLS_KEY_STORE_PASSWORD_FILE(
            "tls-key-store-password-file",
            "FILE",
            "env FLOWSENTRY_TLS_KEY_STORE_PASSWORD",
            "file with the key store password"),
    /** A JSON-lines file is rotated when it would grow past this size. */
    FILE_MAX_BYTES("file-max-bytes", "SIZE", "100MiB", "rotate a file destination at this size"),
    /** Files kept per file destination, the current one included. */
    FILE_MAX_FILES("file-max-files", "N", "5", "files kept per file destination"),
    /** How long a stop waits for alerts in flight before it commits and exits. */
    SHUTDOWN_TIMEOUT(
            "shutdown-timeout", "DURATION", "10s", "wait for alerts in flight when stopping"),
    /** Prints the options and exits. */
    HELP("help", null, null, "print this help and exit");

    private final String name;
    private final String argument;
    private final String defaultValue;
    private final String help;

    Option(String name, String argument, String defaultValue, String help) {
        this.name = name;
        this.argument = argument;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    /** The name without dashes, as a config file key. */
    String optionName() {
        return name;
    }

    /** The placeholder of the value, or null for a flag. */
    String argument() {
        return argument;
    }

    /** The default as the help shows it, or null for a flag. */
    String defaultValue() {
        return defaultValue;
    }

    String help() {
        return help;
    }

    boolean takesValue() {
        return argument != null;
    }

    boolean isRepeatable() {
        return this == TO;
    }

    /** The option named {@code name} (without dashes), or null. */
    static Option named(String name) {
        for (Option option : values()) {
            if (option.name.equals(name)) {
                return option;
            }
        }
        return null;
    }
}
