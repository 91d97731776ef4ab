package dev.flowsentry.detection.bench;

import dev.flowsentry.detection.DetectionJob;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.detection.source.FlowEventDeserializer;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.testing.EmbeddedKafka;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput: a real broker (in-process KRaft), a flows topic pre-filled with the
 * labelled scenario at bench scale, then the real job (Kafka source, windows, detectors,
 * exactly-once Kafka sink) at the given parallelism on an embedded Flink, over the bounded range of
 * the topic. Prints two figures per run: flows per second end to end, job start included (all flows
 * divided by the time from submission until the last alert is committed), and the steady state
 * (records the source read per second between 20% and 90% of the topic, from its {@code
 * flowRecordsAccepted} counters), with the machine's load average before and after the run and the
 * records into each operator.
 *
 * <pre>
 * mvn -B -o -pl detection-job test-compile exec:exec -Dexec.classpathScope=test -Djob.heap=4g \
 *     -Dexec.mainClass=dev.flowsentry.detection.bench.ThroughputBench \
 *     -Djob.args="--scale 20 --partitions 4 --parallelism 2 --state-backend hashmap --runs 3"
 * </pre>
 */
public final class ThroughputBench {

    private static final long SAMPLE_MS = 250;
    private static final double STEADY_FROM = 0.2;
    private static final double STEADY_UNTIL = 0.9;

    private ThroughputBench() {}

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        double scale = Double.parseDouble(options.getOrDefault("scale", "20"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
        String backend = options.getOrDefault("state-backend", "hashmap");
        int runs = Integer.parseInt(options.getOrDefault("runs", "2"));
        String jobArguments = options.getOrDefault("job-args", "");
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            broker.createTopic("flows", partitions, Map.of("retention.ms", "-1"));
            LabelledScenario scenario = LabelledScenario.builder().scale(scale).build();
            long produceStartNs = System.nanoTime();
            long flows = produce(broker.bootstrapServers(), scenario);
            double produceSeconds = (System.nanoTime() - produceStartNs) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "produced %,d flows in %.1f s (%,.0f/s)%n",
                    flows,
                    produceSeconds,
                    flows / produceSeconds);
            for (int run = 1; run <= runs; run++) {
                broker.createTopic("alerts-" + run, 2, Map.of("retention.ms", "-1"));
                runJob(
                        broker.bootstrapServers(),
                        scenario,
                        run,
                        parallelism,
                        backend,
                        flows,
                        jobArguments);
            }
        }
    }

    private static void runJob(
            String servers,
            LabelledScenario scenario,
            int run,
            int parallelism,
            String backend,
            long flows,
            String jobArguments)
            throws Exception {
        String alerts = "alerts-" + run;
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                servers,
                                "--group-id",
                                "bench-" + run,
                                "--alerts-topic",
                                alerts,
                                "--transactional-id-prefix",
                                "bench-" + run,
                                "--backtest",
                                "--backtest.from",
                                "earliest",
                                "--parallelism",
                                Integer.toString(parallelism),
                                "--checkpoint-interval",
                                "10s",
                                "--checkpoint-dir",
                                Files.createTempDirectory("flowsentry-bench-checkpoints")
                                        .toUri()
                                        .toString()));
        arguments.addAll(scenario.detectionArguments());
        if (!jobArguments.isBlank()) {
            arguments.addAll(List.of(jobArguments.trim().split("\\s+")));
        }
        JobConfig config = JobConfig.parse(arguments.toArray(String[]::new));

        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, backend);
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128m"));
        // Not createWithRetainedMetrics: a retained gauge would keep the previous run's job alive.
        InMemoryReporter metrics = InMemoryReporter.create();
        metrics.addToConfiguration(configuration);
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
        DetectionJob.build(environment, config);

        String loadBefore = loadAverage();
        long startNs = System.nanoTime();
        JobClient job = environment.executeAsync("FlowSentry throughput bench");
        Map<Counter, String> recordsIn = new IdentityHashMap<>();
        List<long[]> samples = sample(job, metrics, recordsIn);
        job.getJobExecutionResult().get();
        double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "run %d: %,d flows in %.2f s = %,.0f flows/s end to end (parallelism %d, %s,"
                        + " job start included), %s; %d alert messages committed;"
                        + " load average before %s, after %s%n",
                run,
                flows,
                seconds,
                flows / seconds,
                parallelism,
                backend,
                steadyState(samples, startNs, flows),
                count(servers, alerts),
                loadBefore,
                loadAverage());
        printRecordsPerOperator(recordsIn);
    }

    /**
     * Samples the source's accepted-record counters every {@value #SAMPLE_MS} ms until the job has
     * ended: {nanoTime, records, process CPU time in ns}. Collects each operator's {@code
     * numRecordsIn} counter on the way, to read their final counts once the job has ended.
     */
    private static List<long[]> sample(
            JobClient job, InMemoryReporter metrics, Map<Counter, String> recordsIn)
            throws Exception {
        List<long[]> samples = new ArrayList<>();
        // The job's mini cluster shuts down with the job: wait on the result, not the status.
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        while (!result.isDone()) {
            Thread.sleep(SAMPLE_MS);
            long accepted = accepted(metrics, job.getJobID());
            samples.add(new long[] {System.nanoTime(), accepted, processCpuNs()});
            collectRecordsIn(metrics, job.getJobID(), recordsIn);
        }
        return samples;
    }

    private static void collectRecordsIn(
            InMemoryReporter metrics, JobID job, Map<Counter, String> recordsIn) {
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                metrics.getMetricsByGroup().entrySet()) {
            Map<String, String> variables = group.getKey().getAllVariables();
            Metric metric = group.getValue().get("numRecordsIn");
            String operator = variables.get("<operator_name>");
            if (operator != null
                    && job.toString().equals(variables.get("<job_id>"))
                    && metric instanceof Counter counter) {
                recordsIn.put(counter, operator);
            }
        }
    }

    private static long accepted(InMemoryReporter metrics, JobID job) {
        long sum = 0;
        for (Metric metric :
                metrics.findMetrics(job, FlowEventDeserializer.ACCEPTED_METRIC).values()) {
            sum += ((Counter) metric).getCount();
        }
        return sum;
    }

    /**
     * The warm rate: records read per second between the samples where the source had read {@value
     * #STEADY_FROM} and {@value #STEADY_UNTIL} of the flows (job start, JIT warm-up and the final
     * flush are outside), and when the source first saw a record.
     */
    private static String steadyState(List<long[]> samples, long startNs, long flows) {
        long[] first = firstAtLeast(samples, 1);
        long[] from = firstAtLeast(samples, (long) (flows * STEADY_FROM));
        long[] until = firstAtLeast(samples, (long) (flows * STEADY_UNTIL));
        if (first == null || from == null || until == null || until[0] <= from[0]) {
            return "steady state not measured (too few samples)";
        }
        double rate = (until[1] - from[1]) / ((until[0] - from[0]) / 1e9);
        double cpuNsPerFlow = (double) (until[2] - from[2]) / (until[1] - from[1]);
        return String.format(
                Locale.ROOT,
                "steady state %,.0f flows/s (records read from %.0f%% to %.0f%% of the topic,"
                        + " %.1f s) using %.2f CPU-µs per flow (the whole JVM: broker, job, GC;"
                        + " %,.0f flows/s if it had %d cores to itself), first record read %.1f s"
                        + " after submission",
                rate,
                STEADY_FROM * 100,
                STEADY_UNTIL * 100,
                (until[0] - from[0]) / 1e9,
                cpuNsPerFlow / 1000,
                Runtime.getRuntime().availableProcessors() * 1e9 / cpuNsPerFlow,
                Runtime.getRuntime().availableProcessors(),
                (first[0] - startNs) / 1e9);
    }

    private static long[] firstAtLeast(List<long[]> samples, long records) {
        for (long[] sample : samples) {
            if (sample[1] >= records) {
                return sample;
            }
        }
        return null;
    }

    /** Records into each operator, summed over its subtasks: what crosses each shuffle. */
    private static void printRecordsPerOperator(Map<Counter, String> recordsIn) {
        Map<String, Long> byOperator = new TreeMap<>();
        recordsIn.forEach(
                (counter, operator) -> byOperator.merge(operator, counter.getCount(), Long::sum));
        byOperator.forEach(
                (operator, records) ->
                        System.out.printf(
                                Locale.ROOT, "  %,14d records into %s%n", records, operator));
    }

    /** CPU time of this JVM, every thread. */
    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The 1, 5 and 15 minute load averages of the machine. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long produce(String servers, LabelledScenario scenario) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", servers);
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        properties.put("linger.ms", "50");
        properties.put("batch.size", "1048576");
        properties.put("compression.type", "lz4");
        FlowRecordJson json = new FlowRecordJson();
        long count = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            Iterator<FlowRecord> flows = scenario.flows();
            while (flows.hasNext()) {
                FlowRecord flow = flows.next();
                producer.send(
                        new ProducerRecord<>(
                                "flows",
                                null,
                                flow.flowEndMs(),
                                flow.partitionKey().getBytes(StandardCharsets.UTF_8),
                                json.toBytes(flow)));
                count++;
            }
        }
        return count;
    }

    /**
     * Committed alert messages in {@code topic}: read, not end offsets, since the transaction
     * markers of every checkpoint take offsets too.
     */
    private static long count(String servers, String topic) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", servers);
        properties.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }

    static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            options.put(arguments[i].replaceFirst("^--", ""), arguments[i + 1]);
        }
        return options;
    }
}
