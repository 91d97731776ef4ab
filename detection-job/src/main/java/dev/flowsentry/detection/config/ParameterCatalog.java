package dev.flowsentry.detection.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every parameter of the job with its default and meaning: the source of {@code --help}. */
public final class ParameterCatalog {

    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String FLOWS_TOPIC = "flows-topic";
    public static final String ALERTS_TOPIC = "alerts-topic";
    public static final String GROUP_ID = "group-id";
    public static final String INTERNAL_NETWORKS = "internal-networks";
    public static final String WINDOW = "window";
    public static final String OUT_OF_ORDERNESS = "out-of-orderness";
    public static final String IDLENESS = "idleness";
    public static final String STARTING_OFFSETS = "starting-offsets";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
    public static final String CHECKPOINT_DIR = "checkpoint-dir";
    public static final String TRANSACTIONAL_ID_PREFIX = "transactional-id-prefix";
    public static final String TRANSACTION_TIMEOUT = "transaction-timeout";
    public static final String PARALLELISM = "parallelism";
    public static final String LOCAL = "local";
    public static final String LOCAL_WEB_PORT = "local.web-port";
    public static final String BACKTEST = "backtest";
    public static final String BACKTEST_FILE = "backtest.file";
    public static final String BACKTEST_FROM = "backtest.from";
    public static final String BACKTEST_UNTIL = "backtest.until";
    public static final String STATE_TTL = "state.ttl";
    public static final String BASELINE_ALPHA = "baseline.alpha";
    public static final String BASELINE_WARMUP_WINDOWS = "baseline.warmup-windows";
    public static final String SCAN_ANSWERED_WEIGHT = "scan.answered-weight";
    public static final String SCAN_PROBE_MAX_PACKETS = "scan.probe-max-packets";
    public static final String ALERT_UPDATE_INTERVAL = "alert.update-interval";
    public static final String ALERT_END_AFTER_QUIET_WINDOWS = "alert.end-after-quiet-windows";
    public static final String ALERT_COOLDOWN = "alert.cooldown";
    public static final String DOS_ALLOW = "dos.allow";
    public static final String SCAN_ALLOW = "scan.allow";
    public static final String EXFILTRATION_ALLOW = "exfiltration.allow";
    public static final String EXFILTRATION_ALLOW_PEERS = "exfiltration.allow-peers";
    public static final String HELP = "help";

    /** Prefix of Kafka client settings passed through to the source and the sink. */
    public static final String KAFKA_PREFIX = "kafka.";

    /** Suffix of a Kafka setting whose value is read from a file (secrets). */
    public static final String FILE_SUFFIX = ".file";

    /**
     * Whether a Kafka client setting holds a secret (a password, a private key, a JAAS line with
     * credentials): such settings are accepted only from files ({@link #FILE_SUFFIX}).
     *
     * @param key the setting without the {@link #KAFKA_PREFIX}, e.g. {@code sasl.jaas.config}
     */
    public static boolean isSecretKafkaSetting(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("sasl.jaas.config")
                || lower.endsWith("password")
                || lower.endsWith(".key")
                || lower.contains("secret");
    }

    /** Prefix of host groups. */
    public static final String HOST_GROUP_PREFIX = "host-group.";

    /** Settings of each metric: {@code METRIC.floor}, {@code METRIC.sigma}... */
    public static final List<String> METRIC_SETTINGS =
            List.of("floor", "sigma", "ratio", "warmup-factor");

    static final String DEFAULT_INTERNAL_NETWORKS =
            "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7";

    private static final Map<String, Parameter> PARAMETERS = build();

    private ParameterCatalog() {}

    /** Every fixed parameter, in help order. */
    public static List<Parameter> parameters() {
        return List.copyOf(PARAMETERS.values());
    }

    /** Whether {@code name} is a fixed parameter. */
    public static boolean isKnown(String name) {
        return PARAMETERS.containsKey(name);
    }

    /** The default value of a fixed parameter. */
    public static String defaultOf(String name) {
        Parameter parameter = PARAMETERS.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return parameter.defaultValue();
    }

    /** The {@code --help} text: every parameter, its default and its meaning. */
    public static String help() {
        StringBuilder text = new StringBuilder();
        text.append("FlowSentry detection job: per-host baselines, DoS, scan and exfiltration")
                .append(
                        " alerts.\n\nUsage: flink run detection-job.jar --bootstrap-servers HOST:PORT")
                .append(" [--NAME VALUE | --NAME=VALUE]...\n\nParameters (default in brackets):\n");
        for (Parameter parameter : PARAMETERS.values()) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "  --%-38s [%s]%n",
                            parameter.name(),
                            parameter.defaultValue()));
            text.append("      ").append(parameter.description()).append('\n');
        }
        for (Parameter pattern : patterns()) {
            text.append(String.format(Locale.ROOT, "  --%s%n", pattern.name()));
            text.append("      ").append(pattern.description()).append('\n');
        }
        return text.toString();
    }

    /** The parameters whose names hold a placeholder. */
    public static List<Parameter> patterns() {
        return List.of(
                new Parameter(
                        "host-group.NAME=CIDR,...",
                        "",
                        "defines host group NAME; a host belongs to the group with its longest"
                                + " matching prefix"),
                new Parameter(
                        "host-group.NAME.METRIC.SETTING=VALUE",
                        "",
                        "overrides a metric setting (floor, sigma, ratio, warmup-factor) for"
                                + " group NAME, e.g. --host-group.web.dos.syn.floor=5000"),
                new Parameter(
                        "kafka.KEY=VALUE",
                        "",
                        "Kafka client setting for source, sink and dead-letter sink, e.g."
                                + " --kafka.security.protocol=SASL_SSL; values are never printed"),
                new Parameter(
                        "kafka.KEY.file=PATH",
                        "",
                        "Kafka client setting read from a file; secrets (sasl.jaas.config,"
                                + " *password, *.key, *secret*) are accepted only this way"));
    }

    private static Map<String, Parameter> build() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        List<Parameter> list = new ArrayList<>();
        list.add(
                p(
                        BOOTSTRAP_SERVERS,
                        "",
                        "Kafka bootstrap servers, HOST:PORT,...; required"
                                + " unless --backtest.file is given"));
        list.add(p(FLOWS_TOPIC, "flows", "topic of flow records (FlowRecord JSON)"));
        list.add(p(ALERTS_TOPIC, "alerts", "topic the alerts go to (ECS JSON, key = host)"));
        list.add(p(GROUP_ID, "flowsentry-detection", "Kafka consumer group of the flows source"));
        list.add(
                p(
                        INTERNAL_NETWORKS,
                        DEFAULT_INTERNAL_NETWORKS,
                        "CIDR list of internal networks:"
                                + " DoS victims and exfiltration sources are internal; empty = every host"));
        list.add(p(WINDOW, "10s", "tumbling event-time window of the per-host features"));
        list.add(
                p(
                        OUT_OF_ORDERNESS,
                        "5s",
                        "bounded out-of-orderness of flow end times per Kafka"
                                + " partition (watermark delay)"));
        list.add(
                p(
                        IDLENESS,
                        "30s",
                        "a partition without records for this long stops holding"
                                + " back the watermark; 0 disables"));
        list.add(
                p(
                        STARTING_OFFSETS,
                        "committed",
                        "where a new consumer group starts: committed"
                                + " (earliest when none), earliest, latest, or an epoch-millisecond timestamp"));
        list.add(
                p(
                        DEAD_LETTER_TOPIC,
                        "",
                        "topic for malformed flow records (raw bytes, key ="
                                + " reason); empty = counted and skipped only"));
        list.add(
                p(
                        CHECKPOINT_INTERVAL,
                        "30s",
                        "checkpoint interval; alerts become visible to"
                                + " read_committed consumers at each checkpoint"));
        list.add(
                p(
                        CHECKPOINT_DIR,
                        "",
                        "checkpoint storage directory (file:///..., s3://...);"
                                + " empty = the cluster's execution.checkpointing.dir (without one, the"
                                + " JobManager heap, limited to 5 MB of state)"));
        list.add(
                p(
                        TRANSACTIONAL_ID_PREFIX,
                        "flowsentry-detection",
                        "prefix of the alert sink's"
                                + " Kafka transactional ids; unique per job on a cluster"));
        list.add(
                p(
                        TRANSACTION_TIMEOUT,
                        "10min",
                        "transaction.timeout.ms of the alert sink; must"
                                + " stay below the broker's transaction.max.timeout.ms (15 min by default)"));
        list.add(p(PARALLELISM, "", "job parallelism; empty = the cluster's default"));
        list.add(
                p(
                        LOCAL,
                        "false",
                        "run on an embedded Flink with its web UI instead of"
                                + " submitting to a cluster"));
        list.add(p(LOCAL_WEB_PORT, "8081", "web UI port of --local"));
        list.add(
                p(
                        BACKTEST,
                        "false",
                        "backtest: read a bounded range of the flows topic, print the"
                                + " alerts and a per-detector summary, then exit"));
        list.add(
                p(
                        BACKTEST_FILE,
                        "",
                        "backtest over this file of flow records (JSON lines)"
                                + " instead of the flows topic; implies --backtest"));
        list.add(
                p(
                        BACKTEST_FROM,
                        "earliest",
                        "backtest start in the flows topic: earliest or an"
                                + " epoch-millisecond timestamp"));
        list.add(
                p(
                        BACKTEST_UNTIL,
                        "latest",
                        "backtest end in the flows topic: latest (the end"
                                + " offsets at start) or an epoch-millisecond timestamp"));
        list.add(
                p(
                        STATE_TTL,
                        "1h",
                        "processing time after which an idle host's baseline and"
                                + " alert state are dropped"));
        list.add(
                p(
                        BASELINE_ALPHA,
                        "0.05",
                        "EWMA weight of the newest window in the baselines,"
                                + " between 0 and 1 (0.05: a memory of about 20 windows)"));
        list.add(
                p(
                        BASELINE_WARMUP_WINDOWS,
                        "12",
                        "windows a host's baseline needs before the"
                                + " plain floors apply; before, floors are multiplied by METRIC.warmup-factor"));
        list.add(
                p(
                        SCAN_ANSWERED_WEIGHT,
                        "0.2",
                        "weight of an answered connection attempt in scan"
                                + " fan-outs; a failed or unanswered one weighs 1"));
        list.add(
                p(
                        SCAN_PROBE_MAX_PACKETS,
                        "3",
                        "most packets (as exported, before sampling is scaled) of a UDP or ICMP"
                                + " echo flow that still counts as a connection attempt: one"
                                + " packet is unanswered, up to this many answered, a longer"
                                + " flow is traffic and no probe (a flood to random ports is no"
                                + " port scan)"));
        list.add(
                p(
                        ALERT_UPDATE_INTERVAL,
                        "60s",
                        "event time between updates of an ongoing" + " alert"));
        list.add(
                p(
                        ALERT_END_AFTER_QUIET_WINDOWS,
                        "3",
                        "consecutive windows below threshold that" + " end an alert"));
        list.add(
                p(
                        ALERT_COOLDOWN,
                        "60s",
                        "after an end, the same host and kind cannot start a new"
                                + " alert for this long"));
        list.add(p(DOS_ALLOW, "", "CIDR list of hosts never reported as DoS victims"));
        list.add(
                p(
                        SCAN_ALLOW,
                        "",
                        "CIDR list of hosts never reported as scanners (known"
                                + " scanners, monitoring hosts)"));
        list.add(
                p(
                        EXFILTRATION_ALLOW,
                        "",
                        "CIDR list of internal hosts never reported for" + " exfiltration"));
        list.add(
                p(
                        EXFILTRATION_ALLOW_PEERS,
                        "",
                        "CIDR list of external peers whose bytes never"
                                + " count as exfiltration (backup targets)"));
        for (Metric metric : Metric.values()) {
            list.addAll(metricParameters(metric));
        }
        list.add(p(HELP, "", "print this help and exit"));
        for (Parameter parameter : list) {
            map.put(parameter.name(), parameter);
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<Parameter> metricParameters(Metric metric) {
        MetricThresholds defaults = metric.defaults();
        String unit = metric.perSecond() ? " (per second)" : " (per window)";
        String prefix = metric.parameterPrefix() + ".";
        return List.of(
                p(
                        prefix + "floor",
                        number(defaults.floor()),
                        "absolute floor of " + metric.description() + unit),
                p(
                        prefix + "sigma",
                        number(defaults.sigma()),
                        "standard deviations above the host's baseline mean for "
                                + metric.metricName()),
                p(
                        prefix + "ratio",
                        number(defaults.ratio()),
                        "multiple of the host's baseline mean for " + metric.metricName()),
                p(
                        prefix + "warmup-factor",
                        number(defaults.warmupFactor()),
                        "floor multiplier while the host's baseline warms up, for "
                                + metric.metricName()));
    }

    private static Parameter p(String name, String defaultValue, String description) {
        return new Parameter(name, defaultValue, description);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
