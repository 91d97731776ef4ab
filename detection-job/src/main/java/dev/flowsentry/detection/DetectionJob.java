package dev.flowsentry.detection;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.detection.config.InvalidParameterException;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.detection.config.ParameterCatalog;
import dev.flowsentry.detection.model.FlowEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FlowSentry detection job: flows topic in, alerts topic out. See {@code
 * detection-job/README.md} and {@code --help} for every parameter.
 *
 * <p>Three ways to run the same graph: submitted to a Flink cluster ({@code flink run
 * detection-job.jar ...}), on an embedded Flink with its web UI ({@code --local}), or as a bounded
 * backtest that prints the alerts ({@code --backtest}, {@code --backtest.file}).
 */
public final class DetectionJob {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionJob.class);

    public static final String SOURCE_UID = "flows-kafka-source";
    public static final String ALERT_SINK_UID = "alerts-kafka-sink";
    public static final String DEAD_LETTER_SINK_UID = "dead-letter-kafka-sink";

    private DetectionJob() {}

    public static void main(String[] arguments) throws Exception {
        if (JobConfig.wantsHelp(arguments)) {
            System.out.println(ParameterCatalog.help());
            return;
        }
        JobConfig config;
        try {
            config = JobConfig.parse(arguments);
        } catch (InvalidParameterException e) {
            System.err.println("detection-job: " + e.getMessage());
            throw e;
        }
        LOG.info("Starting with {}", config);
        StreamExecutionEnvironment environment = environment(config);
        if (config.backtest()) {
            Backtest.run(environment, config, System.out);
            return;
        }
        build(environment, config);
        environment.execute("FlowSentry detection");
    }

    /** The cluster's environment, or an embedded one with the web UI for {@code --local}. */
    static StreamExecutionEnvironment environment(JobConfig config) {
        StreamExecutionEnvironment environment;
        if (config.local()) {
            Configuration configuration = new Configuration();
            configuration.set(RestOptions.PORT, config.localWebPort());
            environment = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(configuration);
        } else {
            environment = StreamExecutionEnvironment.getExecutionEnvironment();
        }
        if (config.parallelism() > 0) {
            environment.setParallelism(config.parallelism());
        }
        return environment;
    }

    /** Adds the streaming job (source, detection, exactly-once sink) to {@code environment}. */
    public static void build(StreamExecutionEnvironment environment, JobConfig config) {
        environment.enableCheckpointing(config.checkpointInterval().toMillis());
        // No function keeps or changes a record it was given: reuse saves a copy per chained hop.
        environment.getConfig().enableObjectReuse();
        if (config.checkpointDir() != null) {
            Configuration checkpoints = new Configuration();
            checkpoints.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            checkpoints.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
            environment.configure(checkpoints);
        }
        DataStream<FlowEvent> flows = flows(environment, config);
        DataStream<Alert> alerts = DetectionPipeline.alerts(flows, config.settings());
        alerts.sinkTo(KafkaConnectors.alertSink(config))
                .uid(ALERT_SINK_UID)
                .name("Alerts to Kafka (exactly once)");
    }

    /** The flows source, rejected records split off to the dead-letter sink when configured. */
    static DataStream<FlowEvent> flows(StreamExecutionEnvironment environment, JobConfig config) {
        KafkaSource<FlowEvent> source = KafkaConnectors.flowsSource(config);
        WatermarkStrategy<FlowEvent> watermarks =
                KafkaConnectors.watermarks(config.outOfOrderness(), config.idleness());
        DataStream<FlowEvent> flows =
                environment.fromSource(source, watermarks, "Flows from Kafka").uid(SOURCE_UID);
        if (config.deadLetterTopic() == null) {
            return flows;
        }
        SingleOutputStreamOperator<FlowEvent> good = DetectionPipeline.splitRejected(flows);
        good.getSideOutput(DetectionPipeline.REJECTED)
                .sinkTo(KafkaConnectors.deadLetterSink(config))
                .uid(DEAD_LETTER_SINK_UID)
                .name("Malformed flow records to the dead-letter topic");
        return good;
    }
}
