package dev.flowsentry.detection.config;

import static dev.flowsentry.detection.config.ParameterCatalog.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * The job's configuration, read once from the command line into immutable, validated values. A bad
 * value throws {@link InvalidParameterException} naming the parameter; nothing is clamped.
 *
 * <p>Kafka client settings ({@code --kafka.KEY}) are kept apart from {@link #settings()}, which
 * Flink ships to the task managers, and are never printed.
 *
 * @param bootstrapServers Kafka bootstrap servers, empty for a file backtest
 * @param flowsTopic the flows topic
 * @param alertsTopic the alerts topic
 * @param groupId the source's consumer group
 * @param outOfOrderness watermark delay per partition
 * @param idleness idle-partition timeout, zero when disabled
 * @param startingOffsets committed, earliest, latest or an epoch-millisecond timestamp
 * @param deadLetterTopic topic of malformed records, or null
 * @param checkpointInterval checkpoint interval
 * @param checkpointDir checkpoint storage directory, or null for the cluster's
 * @param transactionalIdPrefix the alert sink's transactional id prefix
 * @param transactionTimeout the alert sink's transaction timeout
 * @param parallelism job parallelism, 0 for the cluster's default
 * @param local whether to run on an embedded Flink with its web UI
 * @param localWebPort web UI port of the embedded Flink
 * @param backtest whether to run a bounded backtest
 * @param backtestFile file of flow records to backtest, or null for the flows topic
 * @param backtestFrom backtest start offset spec: earliest or a timestamp
 * @param backtestUntil backtest end offset spec: latest or a timestamp
 * @param kafkaProperties pass-through Kafka client settings
 * @param settings what the keyed functions need
 */
public record JobConfig(
        String bootstrapServers,
        String flowsTopic,
        String alertsTopic,
        String groupId,
        Duration outOfOrderness,
        Duration idleness,
        String startingOffsets,
        String deadLetterTopic,
        Duration checkpointInterval,
        String checkpointDir,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        int parallelism,
        boolean local,
        int localWebPort,
        boolean backtest,
        Path backtestFile,
        String backtestFrom,
        String backtestUntil,
        Properties kafkaProperties,
        DetectionSettings settings) {

    /** Whether {@code --help} was asked for. */
    public static boolean wantsHelp(String[] arguments) {
        for (String argument : arguments) {
            if (argument.equals("--help") || argument.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads and validates the command line.
     *
     * @throws InvalidParameterException naming the first bad or unknown parameter
     */
    public static JobConfig parse(String[] arguments) {
        Reader reader = new Reader(ParameterTool.fromArgs(splitEquals(arguments)).toMap());
        reader.rejectUnknown();
        Path backtestFile = reader.path(BACKTEST_FILE);
        boolean backtest = reader.flag(BACKTEST) || backtestFile != null;
        String bootstrapServers = reader.text(BOOTSTRAP_SERVERS);
        if (bootstrapServers.isEmpty() && backtestFile == null) {
            throw new InvalidParameterException(BOOTSTRAP_SERVERS, "is required");
        }
        Duration transactionTimeout = reader.duration(TRANSACTION_TIMEOUT, false);
        Duration checkpointInterval = reader.duration(CHECKPOINT_INTERVAL, false);
        if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new InvalidParameterException(
                    TRANSACTION_TIMEOUT, "must be longer than --" + CHECKPOINT_INTERVAL);
        }
        return new JobConfig(
                bootstrapServers,
                reader.required(FLOWS_TOPIC),
                reader.required(ALERTS_TOPIC),
                reader.required(GROUP_ID),
                reader.duration(OUT_OF_ORDERNESS, true),
                reader.duration(IDLENESS, true),
                reader.offsets(STARTING_OFFSETS, "committed", "earliest", "latest"),
                reader.text(DEAD_LETTER_TOPIC).isEmpty() ? null : reader.text(DEAD_LETTER_TOPIC),
                checkpointInterval,
                reader.text(CHECKPOINT_DIR).isEmpty() ? null : reader.text(CHECKPOINT_DIR),
                reader.required(TRANSACTIONAL_ID_PREFIX),
                transactionTimeout,
                reader.text(PARALLELISM).isEmpty() ? 0 : reader.integer(PARALLELISM, 1, 1024),
                reader.flag(LOCAL),
                reader.integer(LOCAL_WEB_PORT, 0, 65535),
                backtest,
                backtestFile,
                reader.offsets(BACKTEST_FROM, "earliest"),
                reader.offsets(BACKTEST_UNTIL, "latest"),
                reader.kafkaProperties(),
                reader.settings());
    }

    /** Turns {@code --name=value} into {@code --name value}, as ParameterTool expects. */
    static String[] splitEquals(String[] arguments) {
        List<String> split = new ArrayList<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (argument.startsWith("-") && equals > 0) {
                split.add(argument.substring(0, equals));
                split.add(argument.substring(equals + 1));
            } else {
                split.add(argument);
            }
        }
        return split.toArray(String[]::new);
    }

    /** Reads typed values, with the catalog's defaults, naming the parameter in every error. */
    private static final class Reader {
        /** What ParameterTool stores for a flag given without a value. */
        private static final String NO_VALUE = "__NO_VALUE_KEY";

        private final Map<String, String> values;

        Reader(Map<String, String> values) {
            this.values = values;
        }

        void rejectUnknown() {
            for (String name : values.keySet()) {
                if (!isKnown(name)
                        && !name.startsWith(KAFKA_PREFIX)
                        && !name.startsWith(HOST_GROUP_PREFIX)) {
                    throw new InvalidParameterException(name, "unknown parameter (see --help)");
                }
            }
        }

        String text(String name) {
            String value = values.get(name);
            if (value == null || value.equals(NO_VALUE)) {
                return defaultOf(name);
            }
            return value.trim();
        }

        String required(String name) {
            String value = text(name);
            if (value.isEmpty()) {
                throw new InvalidParameterException(name, "must not be empty");
            }
            return value;
        }

        boolean flag(String name) {
            String value = values.get(name);
            if (value == null) {
                return Boolean.parseBoolean(defaultOf(name));
            }
            if (value.equals(NO_VALUE) || value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidParameterException(
                    name, "must be true or false, found '" + value + "'");
        }

        Duration duration(String name, boolean zeroAllowed) {
            String value = text(name);
            Duration duration;
            try {
                duration = TimeUtils.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(
                        name, "must be a duration such as 10s or 5min, found '" + value + "'");
            }
            if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
                throw new InvalidParameterException(
                        name,
                        "must be "
                                + (zeroAllowed ? "zero or more" : "positive")
                                + ", found '"
                                + value
                                + "'");
            }
            return duration;
        }

        int integer(String name, int min, int max) {
            String value = text(name);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidParameterException(
                    name,
                    "must be an integer from " + min + " to " + max + ", found '" + value + "'");
        }

        double number(String name, String value, double min, double max, boolean minIncluded) {
            try {
                double parsed = Double.parseDouble(value);
                boolean aboveMin = minIncluded ? parsed >= min : parsed > min;
                if (aboveMin && parsed <= max && Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidParameterException(
                    name,
                    "must be a number "
                            + (minIncluded ? "from " : "above ")
                            + min
                            + " to "
                            + max
                            + ", found '"
                            + value
                            + "'");
        }

        double number(String name, double min, double max, boolean minIncluded) {
            return number(name, text(name), min, max, minIncluded);
        }

        String offsets(String name, String... words) {
            String value = text(name);
            for (String word : words) {
                if (word.equals(value)) {
                    return value;
                }
            }
            try {
                if (Long.parseLong(value) >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidParameterException(
                    name,
                    "must be one of "
                            + String.join(", ", words)
                            + " or an epoch-millisecond timestamp, found '"
                            + value
                            + "'");
        }

        Path path(String name) {
            String value = text(name);
            if (value.isEmpty()) {
                return null;
            }
            Path path = Path.of(value);
            if (!Files.isReadable(path)) {
                throw new InvalidParameterException(name, "cannot read file " + path);
            }
            return path;
        }

        AddressMatcher networks(String name, String value) {
            try {
                return AddressMatcher.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(name, e.getMessage());
            }
        }

        Properties kafkaProperties() {
            Properties properties = new Properties();
            for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
                String name = entry.getKey();
                if (!name.startsWith(KAFKA_PREFIX) || name.length() == KAFKA_PREFIX.length()) {
                    continue;
                }
                String key = name.substring(KAFKA_PREFIX.length());
                if (key.endsWith(FILE_SUFFIX)) {
                    properties.setProperty(
                            key.substring(0, key.length() - FILE_SUFFIX.length()),
                            secretFromFile(name, entry.getValue()));
                } else if (ParameterCatalog.isSecretKafkaSetting(key)) {
                    throw new InvalidParameterException(
                            name,
                            "holds a secret, which the command line, the process list and Flink's"
                                    + " web UI would show; write it to a file readable only by the"
                                    + " job and pass --"
                                    + name
                                    + FILE_SUFFIX
                                    + " PATH instead");
                } else {
                    properties.setProperty(key, entry.getValue());
                }
            }
            return properties;
        }

        private String secretFromFile(String name, String file) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new InvalidParameterException(name, "cannot read secret file " + file);
            }
        }

        DetectionSettings settings() {
            Duration window = duration(WINDOW, false);
            if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
                throw new InvalidParameterException(
                        WINDOW, "must be whole seconds, at least 1s, found '" + text(WINDOW) + "'");
            }
            HostGroup defaults = group(null, AddressMatcher.empty(), defaultThresholds());
            return new DetectionSettings(
                    window,
                    number(BASELINE_ALPHA, 0, 1, false),
                    integer(BASELINE_WARMUP_WINDOWS, 0, 100_000),
                    number(SCAN_ANSWERED_WEIGHT, 0, 1, true),
                    integer(SCAN_PROBE_MAX_PACKETS, 1, 1_000_000),
                    duration(ALERT_UPDATE_INTERVAL, false),
                    integer(ALERT_END_AFTER_QUIET_WINDOWS, 1, 10_000),
                    duration(ALERT_COOLDOWN, true),
                    duration(STATE_TTL, false),
                    networks(INTERNAL_NETWORKS, text(INTERNAL_NETWORKS)),
                    networks(DOS_ALLOW, text(DOS_ALLOW)),
                    networks(SCAN_ALLOW, text(SCAN_ALLOW)),
                    networks(EXFILTRATION_ALLOW, text(EXFILTRATION_ALLOW)),
                    networks(EXFILTRATION_ALLOW_PEERS, text(EXFILTRATION_ALLOW_PEERS)),
                    defaults,
                    hostGroups(defaults));
        }

        private MetricThresholds[] defaultThresholds() {
            MetricThresholds[] thresholds = new MetricThresholds[Metric.values().length];
            for (Metric metric : Metric.values()) {
                thresholds[metric.ordinal()] = metric.defaults();
                for (String setting : METRIC_SETTINGS) {
                    String name = metric.parameterPrefix() + "." + setting;
                    thresholds[metric.ordinal()] =
                            apply(thresholds[metric.ordinal()], setting, name, text(name));
                }
            }
            return thresholds;
        }

        private List<HostGroup> hostGroups(HostGroup defaults) {
            Map<String, String> networks = new TreeMap<>();
            for (Map.Entry<String, String> entry : values.entrySet()) {
                String rest =
                        entry.getKey().startsWith(HOST_GROUP_PREFIX)
                                ? entry.getKey().substring(HOST_GROUP_PREFIX.length())
                                : null;
                if (rest != null && !rest.contains(".")) {
                    networks.put(rest, entry.getValue());
                }
            }
            checkOverridesNameAGroup(networks);
            List<HostGroup> groups = new ArrayList<>();
            for (Map.Entry<String, String> group : networks.entrySet()) {
                String name = HOST_GROUP_PREFIX + group.getKey();
                AddressMatcher matcher = networks(name, group.getValue());
                if (matcher.isEmpty()) {
                    throw new InvalidParameterException(name, "needs at least one CIDR prefix");
                }
                groups.add(
                        group(group.getKey(), matcher, groupThresholds(group.getKey(), defaults)));
            }
            return groups;
        }

        private void checkOverridesNameAGroup(Map<String, String> networks) {
            for (String name : values.keySet()) {
                if (!name.startsWith(HOST_GROUP_PREFIX)) {
                    continue;
                }
                String rest = name.substring(HOST_GROUP_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot == 0 || rest.isEmpty()) {
                    throw new InvalidParameterException(name, "needs a group name");
                }
                if (dot > 0 && !networks.containsKey(rest.substring(0, dot))) {
                    throw new InvalidParameterException(
                            name,
                            "overrides a setting of undefined"
                                    + " host group '"
                                    + rest.substring(0, dot)
                                    + "'");
                }
            }
        }

        private MetricThresholds[] groupThresholds(String group, HostGroup defaults) {
            MetricThresholds[] thresholds = new MetricThresholds[Metric.values().length];
            String prefix = HOST_GROUP_PREFIX + group + ".";
            for (Metric metric : Metric.values()) {
                thresholds[metric.ordinal()] = defaults.thresholds(metric);
            }
            for (Map.Entry<String, String> entry : values.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    applyOverride(
                            thresholds,
                            entry.getKey(),
                            entry.getKey().substring(prefix.length()),
                            entry.getValue());
                }
            }
            return thresholds;
        }

        private void applyOverride(
                MetricThresholds[] thresholds, String name, String setting, String value) {
            for (Metric metric : Metric.values()) {
                for (String field : METRIC_SETTINGS) {
                    if (setting.equals(metric.parameterPrefix() + "." + field)) {
                        thresholds[metric.ordinal()] =
                                apply(thresholds[metric.ordinal()], field, name, value);
                        return;
                    }
                }
            }
            throw new InvalidParameterException(
                    name,
                    "unknown host-group setting '"
                            + setting
                            + "' (expected METRIC.floor, .sigma, .ratio or .warmup-factor)");
        }

        private MetricThresholds apply(
                MetricThresholds thresholds, String field, String name, String value) {
            return switch (field) {
                case "floor" -> thresholds.withFloor(number(name, value, 0, 1e15, true));
                case "sigma" -> thresholds.withSigma(number(name, value, 0, 1000, true));
                case "ratio" -> thresholds.withRatio(number(name, value, 1, 1e6, true));
                default -> thresholds.withWarmupFactor(number(name, value, 1, 1e6, true));
            };
        }

        private static HostGroup group(
                String name, AddressMatcher networks, MetricThresholds[] thresholds) {
            return new HostGroup(name, networks, thresholds);
        }
    }

    /** A summary for the log: no Kafka settings, which may hold secrets. */
    @Override
    public String toString() {
        return "JobConfig{bootstrapServers="
                + bootstrapServers
                + ", flowsTopic="
                + flowsTopic
                + ", alertsTopic="
                + alertsTopic
                + ", groupId="
                + groupId
                + ", window="
                + settings.window()
                + ", internalNetworks="
                + settings.internalNetworks()
                + ", hostGroups="
                + settings.groups().size()
                + ", kafkaSettings="
                + kafkaProperties.stringPropertyNames()
                + "}";
    }
}
