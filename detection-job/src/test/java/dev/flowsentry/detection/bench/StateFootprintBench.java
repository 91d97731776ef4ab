package dev.flowsentry.detection.bench;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.detection.DetectionPipeline;
import dev.flowsentry.detection.Flows;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.detect.OutboundDetector;
import dev.flowsentry.detection.features.OutboundAggregate;
import dev.flowsentry.detection.features.OutboundFeatures;
import dev.flowsentry.detection.features.WindowStamp;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.detection.model.HostKey;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * State footprint with many active hosts, on the heap and in RocksDB: the per-host window
 * accumulators of one window with N distinct sources, then the detectors' per-host baselines and
 * what the state TTL releases once the hosts go idle.
 *
 * <pre>
 * mvn -B -o -pl detection-job test-compile exec:exec -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.flowsentry.detection.bench.StateFootprintBench \
 *     -Djob.heap=6g -Djob.args="--hosts 1000000 --state-backend hashmap"
 * </pre>
 */
public final class StateFootprintBench {

    private static final long START_MS = 1_767_603_600_000L;
    private static final long WINDOW_MS = 10_000;

    private StateFootprintBench() {}

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = ThroughputBench.options(arguments);
        int hosts = Integer.parseInt(options.getOrDefault("hosts", "1000000"));
        String backend = options.getOrDefault("state-backend", "hashmap");
        DetectionSettings settings =
                Flows.settings("--state.ttl=10min", "--internal-networks=10.0.0.0/8");
        windowState(hosts, backend, settings);
        detectorState(hosts, backend, settings);
    }

    /** One window in which {@code hosts} distinct sources each send one SYN. */
    private static void windowState(int hosts, String backend, DetectionSettings settings)
            throws Exception {
        long before = usedHeap();
        try (KeyedOneInputStreamOperatorTestHarness<HostKey, FlowEvent, OutboundFeatures> harness =
                harness(windowOperator(settings), backend)) {
            harness.open();
            FlowEvent flow = Flows.tcp("203.0.113.1", "10.0.1.20", 443, 0x02, 1);
            for (int host = 0; host < hosts; host++) {
                flow.srcLow = HostAddress.ipv4Low(0x0B00_0000 + host);
                harness.processElement(flow, START_MS + host % WINDOW_MS);
            }
            long heap = usedHeap() - before;
            long snapshot = harness.snapshot(1, 1).getStateSize();
            report("window accumulators", hosts, backend, heap, snapshot);
        }
    }

    /**
     * Baselines of {@code hosts} internal hosts (external sources keep none until they fire), then
     * the same after the TTL.
     */
    private static void detectorState(int hosts, String backend, DetectionSettings settings)
            throws Exception {
        long before = usedHeap();
        try (KeyedOneInputStreamOperatorTestHarness<HostKey, OutboundFeatures, Alert> harness =
                harness(new KeyedProcessOperator<>(new OutboundDetector(settings)), backend)) {
            harness.setStateTtlProcessingTime(0);
            harness.open();
            for (int host = 0; host < hosts; host++) {
                harness.processElement(features(0x0A00_0000 + host), START_MS + WINDOW_MS - 1);
            }
            long heap = usedHeap() - before;
            long snapshot = harness.snapshot(1, 1).getStateSize();
            report("detector baselines", hosts, backend, heap, snapshot);

            if (backend.equals("rocksdb")) {
                System.out.println(
                        "after the TTL (rocksdb): expired entries are dropped by"
                                + " RocksDB's compaction filter, not counted here");
                return;
            }
            harness.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
            int touches = 0;
            long startNs = System.nanoTime();
            while (touches < hosts && harness.numKeyedStateEntries() > 1) {
                harness.processElement(features(0x0B00_0000), START_MS + WINDOW_MS - 1);
                touches++;
            }
            double seconds = (System.nanoTime() - startNs) / 1e9;
            long heapAfter = usedHeap() - before;
            System.out.printf(
                    Locale.ROOT,
                    "after the TTL (%s): %d keyed state entries left, heap %,d bytes, %,d bytes"
                            + " in a snapshot; released by %,d state accesses of one live host"
                            + " in %.1f s%n",
                    backend,
                    harness.numKeyedStateEntries(),
                    heapAfter,
                    harness.snapshot(2, 2).getStateSize(),
                    touches,
                    seconds);
        }
    }

    private static OutboundFeatures features(int address) {
        OutboundFeatures features = new OutboundFeatures();
        long low = HostAddress.ipv4Low(address);
        features.stamp(HostAddress.IPV4_HIGH, low, START_MS, START_MS + WINDOW_MS);
        features.flows = 3;
        features.packets = 30;
        features.bytes = 3000;
        return features;
    }

    @SuppressWarnings("unchecked")
    private static StreamOperatorFactory<OutboundFeatures> windowOperator(
            DetectionSettings settings) {
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<FlowEvent> flows = environment.fromData(FlowEvent.class, new FlowEvent());
        TypeInformation<OutboundFeatures> type = TypeInformation.of(OutboundFeatures.class);
        SingleOutputStreamOperator<OutboundFeatures> windows =
                flows.keyBy(new DetectionPipeline.SourceHost())
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .aggregate(
                                OutboundAggregate.of(settings),
                                new WindowStamp<>(),
                                type,
                                type,
                                type);
        return ((OneInputTransformation<FlowEvent, OutboundFeatures>) windows.getTransformation())
                .getOperatorFactory();
    }

    private static <I, O> KeyedOneInputStreamOperatorTestHarness<HostKey, I, O> harness(
            Object operator, String backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<HostKey, I, O> harness = create(operator);
        StateBackend stateBackend =
                backend.equals("rocksdb")
                        ? new EmbeddedRocksDBStateBackend()
                        : new HashMapStateBackend();
        harness.setStateBackend(stateBackend);
        harness.setCheckpointStorage(
                new FileSystemCheckpointStorage(
                        Files.createTempDirectory("flowsentry-state-bench").toUri()));
        return harness;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <I, O> KeyedOneInputStreamOperatorTestHarness<HostKey, I, O> create(
            Object operator) throws Exception {
        TypeInformation<HostKey> key = TypeInformation.of(HostKey.class);
        if (operator instanceof StreamOperatorFactory) {
            return new KeyedOneInputStreamOperatorTestHarness(
                    (StreamOperatorFactory) operator, new DetectionPipeline.SourceHost(), key);
        }
        return new KeyedOneInputStreamOperatorTestHarness(
                (KeyedProcessOperator) operator, new DetectionPipeline.WindowHost<>(), key);
    }

    private static void report(String what, int hosts, String backend, long heap, long snapshot) {
        System.out.printf(
                Locale.ROOT,
                "%s, %,d active hosts (%s): heap %,d bytes (%,d per host), snapshot %,d bytes"
                        + " (%,d per host)%n",
                what,
                hosts,
                backend,
                heap,
                heap / hosts,
                snapshot,
                snapshot / hosts);
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
