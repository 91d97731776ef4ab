package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.AlertType;
import dev.flowsentry.alerts.Severity;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forwarder's validated, immutable settings; {@link Option} documents each one. Secrets are not
 * held here, only where to read them ({@link Secrets}).
 */
final class ForwarderSettings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final List<String> FACILITIES =
            List.of(
                    "kern",
                    "user",
                    "mail",
                    "daemon",
                    "auth",
                    "syslog",
                    "lpr",
                    "news",
                    "uucp",
                    "cron",
                    "authpriv",
                    "ftp",
                    "ntp",
                    "audit",
                    "alert",
                    "clock",
                    "local0",
                    "local1",
                    "local2",
                    "local3",
                    "local4",
                    "local5",
                    "local6",
                    "local7");

    final String bootstrapServers;
    final String topic;
    final String groupId;
    final Properties kafkaProperties;
    final List<URI> destinations;

    /** Null for {@code auto}: each destination's own default. */
    final PayloadFormat format;

    final int minSeverity;
    final Set<AlertType> types;
    final Path deadLetter;
    final int maxAttempts;
    final Duration initialBackoff;
    final Duration maxBackoff;
    final int maxInFlight;
    final Duration timeout;

    /** -1 when the metrics endpoint is off. */
    final int metricsPort;

    /** The address {@code /metrics} binds ({@code --metrics-address}). */
    final String metricsAddress;

    final boolean syslogOctetCounting;
    final int syslogFacility;
    final String syslogAppName;
    final String syslogHostname;
    final WebhookStyle webhookStyle;
    final String webhookHeader;
    final String webhookTokenScheme;
    final Path webhookTokenFile;
    final Path trustStore;
    final String trustStoreType;
    final Path trustStorePasswordFile;
    final Path keyStore;
    final String keyStoreType;
    final Path keyStorePasswordFile;
    final long fileMaxBytes;
    final int fileMaxFiles;
    final Duration shutdownTimeout;

    /** Where secrets without a file come from: the process environment, or a test's map. */
    final Map<String, String> environment;

    private ForwarderSettings(Values values, Map<String, String> environment)
            throws UsageException {
        this.environment = Map.copyOf(environment);
        bootstrapServers = values.required(Option.BOOTSTRAP_SERVERS);
        topic = values.text(Option.TOPIC);
        groupId = values.text(Option.GROUP_ID);
        kafkaProperties = kafkaProperties(values.path(Option.KAFKA_CONFIG));
        destinations = destinations(values.all(Option.TO));
        format = format(values.text(Option.FORMAT));
        minSeverity = minSeverity(values.text(Option.MIN_SEVERITY));
        types = types(values.text(Option.TYPE));
        deadLetter = Path.of(values.text(Option.DEAD_LETTER));
        maxAttempts = values.positive(Option.MAX_ATTEMPTS);
        initialBackoff = values.duration(Option.INITIAL_BACKOFF);
        maxBackoff = values.duration(Option.MAX_BACKOFF);
        maxInFlight = values.positive(Option.MAX_IN_FLIGHT);
        timeout = values.duration(Option.TIMEOUT);
        metricsPort = metricsPort(values.optional(Option.METRICS_PORT));
        metricsAddress = values.text(Option.METRICS_ADDRESS);
        syslogOctetCounting = framing(values.text(Option.SYSLOG_FRAMING));
        syslogFacility = facility(values.text(Option.SYSLOG_FACILITY));
        syslogAppName = values.text(Option.SYSLOG_APP_NAME);
        syslogHostname = hostname(values.optional(Option.SYSLOG_HOSTNAME));
        webhookStyle = values.choice(Option.WEBHOOK_STYLE, WebhookStyle.class);
        webhookHeader = values.text(Option.WEBHOOK_HEADER);
        webhookTokenScheme = values.text(Option.WEBHOOK_TOKEN_SCHEME);
        webhookTokenFile = values.path(Option.WEBHOOK_TOKEN_FILE);
        trustStore = values.path(Option.TLS_TRUST_STORE);
        trustStoreType = values.text(Option.TLS_TRUST_STORE_TYPE);
        trustStorePasswordFile = values.path(Option.TLS_TRUST_STORE_PASSWORD_FILE);
        keyStore = values.path(Option.TLS_KEY_STORE);
        keyStoreType = values.text(Option.TLS_KEY_STORE_TYPE);
        keyStorePasswordFile = values.path(Option.TLS_KEY_STORE_PASSWORD_FILE);
        fileMaxBytes = size(Option.FILE_MAX_BYTES, values.text(Option.FILE_MAX_BYTES));
        fileMaxFiles = values.positive(Option.FILE_MAX_FILES);
        shutdownTimeout = values.duration(Option.SHUTDOWN_TIMEOUT);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new UsageException("--max-backoff: must not be shorter than --initial-backoff");
        }
    }

    /** Settings from command-line arguments (and the {@code --config} file they name). */
    static ForwarderSettings parse(String[] args, Map<String, String> environment)
            throws UsageException {
        return from(CommandLine.parse(args), environment);
    }

    static ForwarderSettings from(Map<Option, List<String>> values, Map<String, String> env)
            throws UsageException {
        return new ForwarderSettings(new Values(values), env);
    }

    private static Properties kafkaProperties(Path file) throws UsageException {
        Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UsageException("--kafka-config: cannot read " + file + ": " + e, e);
        }
        refuse(properties, "enable.auto.commit", "true", "would commit alerts before delivery");
        refuse(properties, "isolation.level", "read_uncommitted", "would deliver aborted alerts");
        return properties;
    }

    private static void refuse(Properties properties, String key, String value, String why)
            throws UsageException {
        if (value.equalsIgnoreCase(properties.getProperty(key, "").trim())) {
            throw new UsageException("--kafka-config: " + key + "=" + value + " " + why);
        }
    }

    private static List<URI> destinations(List<String> texts) throws UsageException {
        if (texts.isEmpty()) {
            throw new UsageException("--to: at least one destination is required");
        }
        List<URI> uris = new ArrayList<>();
        for (String text : texts) {
            try {
                URI uri = new URI(text.trim());
                Destinations.check(uri);
                uris.add(uri);
            } catch (URISyntaxException e) {
                throw new UsageException("--to: not a URI: " + e.getReason(), e);
            }
        }
        return List.copyOf(uris);
    }

    private static PayloadFormat format(String text) throws UsageException {
        try {
            return PayloadFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "--format: expected auto, ecs, cef, ocsf, json or text, found '" + text + "'");
        }
    }

    /** The CEF scale: 0 to 10, or a label standing for its CEF value. */
    private static int minSeverity(String text) throws UsageException {
        try {
            int level = Integer.parseInt(text);
            if (level >= 0 && level <= 10) {
                return level;
            }
        } catch (NumberFormatException e) {
            for (Severity severity : Severity.values()) {
                if (severity.label().equalsIgnoreCase(text)) {
                    return severity.cef();
                }
            }
        }
        throw new UsageException(
                "--min-severity: expected 0-10 or low, medium, high, critical; found '"
                        + text
                        + "'");
    }

    private static Set<AlertType> types(String text) throws UsageException {
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (String code : text.split(",")) {
            try {
                types.add(AlertType.ofCode(code.trim().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException(
                        "--type: expected a list of dos, scan, exfiltration; found '"
                                + code.trim()
                                + "'");
            }
        }
        return Set.copyOf(types);
    }

    private static int metricsPort(String text) throws UsageException {
        if (text == null || text.equals("none")) {
            return -1;
        }
        return Values.port(Option.METRICS_PORT, text);
    }

    private static boolean framing(String text) throws UsageException {
        return switch (text) {
            case "octet-counting" -> true;
            case "lf" -> false;
            default ->
                    throw new UsageException(
                            "--syslog-framing: expected octet-counting or lf, found '"
                                    + text
                                    + "'");
        };
    }

    private static int facility(String text) throws UsageException {
        int index = FACILITIES.indexOf(text.toLowerCase(Locale.ROOT));
        if (index >= 0) {
            return index;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 0 && number < FACILITIES.size()) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new UsageException(
                "--syslog-facility: expected a name such as local0 or 0-23, found '" + text + "'");
    }

    private static String hostname(String given) {
        if (given != null) {
            return given;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }

    static long size(Option option, String text) throws UsageException {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new UsageException(
                    "--"
                            + option.optionName()
                            + ": expected a size such as 100MiB, found '"
                            + text
                            + "'");
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long bytes =
                switch (unit) {
                    case "KiB" -> number << 10;
                    case "MiB" -> number << 20;
                    case "GiB" -> number << 30;
                    default -> number;
                };
        if (bytes < 1024) {
            throw new UsageException("--" + option.optionName() + ": must be at least 1KiB");
        }
        return bytes;
    }

    static Duration duration(Option option, String text) throws UsageException {
        Matcher matcher = DURATION.matcher(text.trim());
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(text.trim());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UsageException(
                    "--"
                            + option.optionName()
                            + ": expected a duration such as 500ms, 10s or"
                            + " PT1M, found '"
                            + text
                            + "'",
                    e);
        }
    }

    /** Raw values with the defaults of {@link Option}, and typed accessors naming the option. */
    private static final class Values {
        private final Map<Option, List<String>> values;

        Values(Map<Option, List<String>> values) {
            this.values = values;
        }

        String optional(Option option) {
            List<String> list = values.get(option);
            return list == null || list.isEmpty() ? null : list.get(0).trim();
        }

        String text(Option option) {
            String value = optional(option);
            return value == null ? option.defaultValue() : value;
        }

        List<String> all(Option option) {
            return values.getOrDefault(option, List.of());
        }

        String required(Option option) throws UsageException {
            String value = optional(option);
            if (value == null || value.isEmpty()) {
                throw new UsageException("--" + option.optionName() + ": is required");
            }
            return value;
        }

        Path path(Option option) {
            String value = optional(option);
            return value == null || value.isEmpty() ? null : Path.of(value);
        }

        int positive(Option option) throws UsageException {
            String text = text(option);
            try {
                int value = Integer.parseInt(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(
                    "--"
                            + option.optionName()
                            + ": expected a positive integer, found '"
                            + text
                            + "'");
        }

        Duration duration(Option option) throws UsageException {
            Duration duration = ForwarderSettings.duration(option, text(option));
            if (duration.isNegative() || duration.isZero()) {
                throw new UsageException("--" + option.optionName() + ": must be positive");
            }
            return duration;
        }

        <E extends Enum<E>> E choice(Option option, Class<E> type) throws UsageException {
            String text = text(option);
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException(
                        "--"
                                + option.optionName()
                                + ": expected "
                                + option.argument()
                                + ", found '"
                                + text
                                + "'");
            }
        }

        static int port(Option option, String text) throws UsageException {
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(
                    "--" + option.optionName() + ": expected a port 0-65535, found '" + text + "'");
        }
    }
}
