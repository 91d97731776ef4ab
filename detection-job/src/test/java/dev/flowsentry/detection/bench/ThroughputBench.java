package dev.flowsentry.detection.bench;

import dev.flowsentry.detection.DetectionJob;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.testing.EmbeddedKafka;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
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
 * the topic. Prints flows per second, job start included.
 *
 * <pre>
 * mvn -B -o -pl detection-job test-compile exec:exec -Dexec.classpathScope=test -Djob.heap=4g \
 *     -Dexec.mainClass=dev.flowsentry.detection.bench.ThroughputBench \
 *     -Djob.args="--scale 20 --partitions 4 --parallelism 2 --state-backend hashmap --runs 3"
 * </pre>
 */
public final class ThroughputBench {

    private ThroughputBench() {}

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        double scale = Double.parseDouble(options.getOrDefault("scale", "20"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
        String backend = options.getOrDefault("state-backend", "hashmap");
        int runs = Integer.parseInt(options.getOrDefault("runs", "2"));
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
                runJob(broker.bootstrapServers(), scenario, run, parallelism, backend, flows);
            }
        }
    }

    private static void runJob(
            String servers,
            LabelledScenario scenario,
            int run,
            int parallelism,
            String backend,
            long flows)
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
        JobConfig config = JobConfig.parse(arguments.toArray(String[]::new));

        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, backend);
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128m"));
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
        DetectionJob.build(environment, config);

        long startNs = System.nanoTime();
        environment.execute("FlowSentry throughput bench");
        double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "run %d: %,d flows in %.2f s = %,.0f flows/s end to end (parallelism %d, %s,"
                        + " job start included), %d alert messages committed%n",
                run,
                flows,
                seconds,
                flows / seconds,
                parallelism,
                backend,
                count(servers, alerts));
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
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
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
