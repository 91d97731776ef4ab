package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.encoding.CefAlertEncoder;
import dev.flowsentry.alerts.encoding.EcsAlertDecoder;
import dev.flowsentry.alerts.encoding.EcsAlertEncoder;
import dev.flowsentry.alerts.encoding.OcsfAlertEncoder;
import dev.flowsentry.alerts.kafka.AlertKafkaRecordSerializationSchema;
import dev.flowsentry.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Prints encoding and end-to-end forwarding rates; not a test. Run with:
 *
 * <pre>
 * mvn -B -o -q -pl sink-alerts test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.flowsentry.alerts.forwarder.ForwarderBench
 * </pre>
 */
public final class ForwarderBench {

    private static final int ALERTS = 20_000;

    private ForwarderBench() {}

    public static void main(String[] args) throws Exception {
        Alert alert = SampleAlerts.synFloodStart();
        byte[] document = new EcsAlertEncoder().encode(alert);
        EcsAlertDecoder decoder = new EcsAlertDecoder();
        encoding("ECS encode", alert, a -> new EcsAlertEncoder().encode(a).length);
        encoding("ECS decode", alert, a -> decodeLength(decoder, document));
        encoding("CEF encode", alert, a -> new CefAlertEncoder().encode(a).length());
        encoding("OCSF encode", alert, a -> new OcsfAlertEncoder().encode(a).length);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("bench", 2);
            produce(kafka, alert);
            forward(
                    kafka,
                    "file",
                    Files.createTempDirectory("bench").resolve("a.jsonl").toUri().toString());
            try (DatagramSocket sink =
                    new DatagramSocket(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                AtomicLong received = new AtomicLong();
                Thread reader = new Thread(() -> drain(sink, received));
                reader.setDaemon(true);
                reader.start();
                forward(kafka, "syslog+udp", "syslog+udp://127.0.0.1:" + sink.getLocalPort());
                System.out.printf("  udp datagrams received: %d%n", received.get());
            }
        }
    }

    private static int decodeLength(EcsAlertDecoder decoder, byte[] document) {
        try {
            return decoder.decode(document).metric().length();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void encoding(String name, Alert alert, Function<Alert, Integer> work) {
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += work.apply(alert);
        }
        int rounds = 500_000;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += work.apply(alert);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-12s %,12.0f alerts/s (%d)%n", name, rounds / seconds, sink % 10);
    }

    private static void produce(EmbeddedKafka kafka, Alert alert) {
        Properties properties = kafka.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        AlertKafkaRecordSerializationSchema schema =
                new AlertKafkaRecordSerializationSchema("bench");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < ALERTS; i++) {
                Alert next =
                        alert.toBuilder()
                                .id("bench-" + i)
                                .host("10.1." + (i / 250) + "." + (i % 250))
                                .build();
                producer.send(schema.serialize(next, null, null));
            }
            producer.commitTransaction();
        }
    }

    private static void forward(EmbeddedKafka kafka, String name, String destination)
            throws Exception {
        String[] args = {
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            "bench",
            "--group-id",
            "bench-" + name,
            "--to",
            destination,
            "--dead-letter",
            Files.createTempFile("bench", ".jsonl").toString()
        };
        AlertForwarder forwarder =
                new AlertForwarder(ForwarderSettings.parse(args, Map.of()), System.out);
        long start = System.nanoTime();
        forwarder.start();
        String label = Destinations.name(new URI(destination));
        while (forwarder.metrics().delivered.labelValues(label).get() < ALERTS) {
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        forwarder.close();
        System.out.printf(
                "forward %-10s %,8.0f alerts/s (%d alerts from Kafka, start-up included)%n",
                name, ALERTS / seconds, ALERTS);
    }

    private static void drain(DatagramSocket socket, AtomicLong received) {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        try {
            while (true) {
                socket.receive(packet);
                received.incrementAndGet();
            }
        } catch (IOException e) {
            // closed
        }
    }
}
