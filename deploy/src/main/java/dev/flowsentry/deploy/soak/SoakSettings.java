package dev.flowsentry.deploy.soak;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the soak monitor watches and for how long; read once from the command line and validated.
 *
 * @param home the local stack's state directory ({@code --home}): its JVMs carry {@code
 *     -Dflowsentry.home=HOME}, which is how their process ids are found for the heap samples
 * @param flinkRest the Flink REST API ({@code --flink-rest}, e.g. {@code http://127.0.0.1:8081})
 * @param jobId the detection job ({@code --job-id})
 * @param bootstrapServers the Kafka broker ({@code --bootstrap-servers})
 * @param flowsTopic the flows topic ({@code --flows-topic}, default {@code flows})
 * @param alertsTopic the alerts topic ({@code --alerts-topic}, default {@code alerts})
 * @param jobGroup the job's consumer group on flows, where it commits offsets at each checkpoint
 *     ({@code --job-group}, default {@code flowsentry-detection})
 * @param forwarderGroup the forwarder's consumer group on alerts ({@code --forwarder-group},
 *     default {@code soc})
 * @param decoderMetrics the decoder's metrics address ({@code --decoder-metrics}, e.g. {@code
 *     http://127.0.0.1:9191/metrics})
 * @param duration how long to sample ({@code --minutes}, default 30)
 * @param interval time between samples ({@code --interval-seconds}, default 60); at least 6 samples
 *     must fit in the duration, so that each third holds two
 * @param lagSlack lag growth tolerated, in seconds of the measured flow rate ({@code
 *     --lag-slack-seconds}, default 20: two checkpoint intervals of the local stack, since the job
 *     commits its offsets only when a checkpoint completes)
 * @param report a file the samples and the verdict are also written to ({@code --report}), or null
 */
record SoakSettings(
        Path home,
        URI flinkRest,
        String jobId,
        String bootstrapServers,
        String flowsTopic,
        String alertsTopic,
        String jobGroup,
        String forwarderGroup,
        URI decoderMetrics,
        Duration duration,
        Duration interval,
        Duration lagSlack,
        Path report) {

    static final String USAGE =
            """
            usage: SoakMonitor --home DIR --flink-rest URL --job-id ID --bootstrap-servers HOST:PORT
                               --decoder-metrics URL [--flows-topic flows] [--alerts-topic alerts]
                               [--job-group flowsentry-detection] [--forwarder-group soc]
                               [--minutes 30] [--interval-seconds 60] [--lag-slack-seconds 20]
                               [--report FILE]
            """;

    private static final Set<String> NAMES =
            Set.of(
                    "home",
                    "flink-rest",
                    "job-id",
                    "bootstrap-servers",
                    "flows-topic",
                    "alerts-topic",
                    "job-group",
                    "forwarder-group",
                    "decoder-metrics",
                    "minutes",
                    "interval-seconds",
                    "lag-slack-seconds",
                    "report");

    SoakSettings {
        if (duration.compareTo(interval.multipliedBy(6)) < 0) {
            throw new IllegalArgumentException(
                    "--minutes must allow at least 6 samples of --interval-seconds");
        }
        if (interval.isNegative() || interval.isZero() || lagSlack.isNegative()) {
            throw new IllegalArgumentException(
                    "--interval-seconds must be above 0 and --lag-slack-seconds at least 0");
        }
    }

    /** Parses {@code --name value} pairs; an unknown or missing option is an error naming it. */
    static SoakSettings parse(String[] arguments) {
        Map<String, String> options = new HashMap<>();
        for (int index = 0; index < arguments.length; index += 2) {
            String name = arguments[index].replaceFirst("^--", "");
            if (!NAMES.contains(name) || index + 1 >= arguments.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + name);
            }
            options.put(name, arguments[index + 1]);
        }
        return new SoakSettings(
                Path.of(required(options, "home")),
                URI.create(required(options, "flink-rest").replaceFirst("/?$", "/")),
                required(options, "job-id"),
                required(options, "bootstrap-servers"),
                options.getOrDefault("flows-topic", "flows"),
                options.getOrDefault("alerts-topic", "alerts"),
                options.getOrDefault("job-group", "flowsentry-detection"),
                options.getOrDefault("forwarder-group", "soc"),
                URI.create(required(options, "decoder-metrics")),
                Duration.ofMinutes(number(options, "minutes", 30)),
                Duration.ofSeconds(number(options, "interval-seconds", 60)),
                Duration.ofSeconds(number(options, "lag-slack-seconds", 20)),
                options.containsKey("report") ? Path.of(options.get("report")) : null);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static long number(Map<String, String> options, String name, long defaultValue) {
        String value = options.get(name);
        try {
            return value == null ? defaultValue : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " needs a whole number, found '" + value + "'", e);
        }
    }
}
