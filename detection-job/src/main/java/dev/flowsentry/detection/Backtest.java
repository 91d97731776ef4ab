package dev.flowsentry.detection;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.detection.config.AddressMatcher;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.source.FlowEventParser;
import dev.flowsentry.flow.InvalidFlowRecordException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Runs the detection over a bounded input with given parameters and prints the alerts it would have
 * raised, then a summary per detector: for tuning thresholds before deploying them.
 *
 * <p>The input is a range of the flows topic ({@code --backtest.from}, {@code --backtest.until}) or
 * a file of flow records as JSON lines ({@code --backtest.file}). At the end of the input the
 * watermark jumps to the end of time, so every window fires and every ongoing alert ends.
 */
public final class Backtest {

    private Backtest() {}

    /** Runs the backtest on {@code environment} and prints to {@code report}. */
    public static List<Alert> run(
            StreamExecutionEnvironment environment, JobConfig config, PrintStream report)
            throws Exception {
        environment.getConfig().enableObjectReuse();
        DataStream<FlowEvent> flows =
                config.backtestFile() != null
                        ? fileFlows(environment, config)
                        : DetectionJob.flows(environment, config);
        DataStream<Alert> alerts = DetectionPipeline.alerts(flows, config.settings());
        List<Alert> collected = new ArrayList<>();
        try (CloseableIterator<Alert> iterator = alerts.executeAndCollect("FlowSentry backtest")) {
            iterator.forEachRemaining(collected::add);
        }
        collected.sort(
                Comparator.comparing(Alert::timestamp)
                        .thenComparing(Alert::host)
                        .thenComparing(Alert::kind)
                        .thenComparingInt(Alert::sequence));
        collected.forEach(alert -> report.println(alert));
        report.print(summary(collected));
        return collected;
    }

    /** Per detector: incidents started, updates, ends and distinct hosts. */
    public static String summary(List<Alert> alerts) {
        Map<AlertKind, int[]> counts = new EnumMap<>(AlertKind.class);
        Map<AlertKind, Set<String>> hosts = new EnumMap<>(AlertKind.class);
        for (Alert alert : alerts) {
            counts.computeIfAbsent(alert.kind(), kind -> new int[3])[alert.state().ordinal()]++;
            hosts.computeIfAbsent(alert.kind(), kind -> new HashSet<>()).add(alert.host());
        }
        StringBuilder text =
                new StringBuilder("\nBacktest summary: ")
                        .append(alerts.size())
                        .append(" alert messages\n");
        text.append(
                String.format(
                        "  %-34s %6s %6s %6s %6s%n", "rule", "starts", "updates", "ends", "hosts"));
        for (AlertKind kind : AlertKind.values()) {
            int[] count = counts.getOrDefault(kind, new int[3]);
            text.append(
                    String.format(
                            "  %-34s %6d %6d %6d %6d%n",
                            kind.ruleId(),
                            count[AlertState.START.ordinal()],
                            count[AlertState.UPDATE.ordinal()],
                            count[AlertState.END.ordinal()],
                            hosts.getOrDefault(kind, Set.of()).size()));
        }
        return text.toString();
    }

    private static DataStream<FlowEvent> fileFlows(
            StreamExecutionEnvironment environment, JobConfig config) {
        FileSource<String> source =
                FileSource.forRecordStreamFormat(
                                new TextLineInputFormat(), new Path(config.backtestFile().toUri()))
                        .build();
        return environment
                .fromSource(
                        source,
                        org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                        "Flow records file")
                .setParallelism(1)
                .uid("flows-file-source")
                .flatMap(new LineParser(config.settings().internalNetworks()))
                .setParallelism(1)
                .uid("parse-flow-lines")
                .name("Parse flow records")
                .assignTimestampsAndWatermarks(
                        KafkaConnectors.watermarks(
                                config.outOfOrderness(), java.time.Duration.ZERO))
                .setParallelism(1)
                .uid("flow-file-watermarks")
                .name("Event time from flow end");
    }

    /** Parses JSON lines, counting and skipping malformed ones like the Kafka deserializer. */
    private static final class LineParser extends RichFlatMapFunction<String, FlowEvent> {
        private static final long serialVersionUID = 1L;

        private final AddressMatcher internalNetworks;
        private transient FlowEventParser parser;
        private transient Counter rejected;

        LineParser(AddressMatcher internalNetworks) {
            this.internalNetworks = internalNetworks;
        }

        @Override
        public void open(OpenContext openContext) {
            parser = new FlowEventParser();
            rejected = getRuntimeContext().getMetricGroup().counter("flowRecordsRejected");
        }

        @Override
        public void flatMap(String line, Collector<FlowEvent> out) {
            if (line.isBlank()) {
                return;
            }
            FlowEvent event = new FlowEvent();
            try {
                parser.parse(line.getBytes(StandardCharsets.UTF_8), event);
            } catch (InvalidFlowRecordException e) {
                rejected.inc();
                return;
            }
            boolean all = internalNetworks.isEmpty();
            event.srcInternal = all || internalNetworks.contains(event.srcHigh, event.srcLow);
            event.dstInternal = all || internalNetworks.contains(event.dstHigh, event.dstLow);
            out.collect(event);
        }
    }
}
