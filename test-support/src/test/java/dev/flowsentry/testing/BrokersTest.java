package dev.flowsentry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokersTest {

    @Test
    void embeddedBrokerAcceptsAndServesRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("t", 2);

            produce(kafka.bootstrapServers(), "t", List.of("a", "b", "c"));

            assertThat(consumeAll(kafka.bootstrapServers(), "t", 3))
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void brokerProcessKeepsItsDataAcrossAKill(@TempDir Path directory) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(directory, Map.of())) {
            broker.createTopic("t", 1, Map.of());
            produce(broker.bootstrapServers(), "t", List.of("before"));

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.launch();
            produce(broker.bootstrapServers(), "t", List.of("after"));

            assertThat(consumeAll(broker.bootstrapServers(), "t", 2))
                    .containsExactly("before", "after");
        }
    }

    private static void produce(String bootstrap, String topic, List<String> values)
            throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value)).get();
            }
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    values.add(
                            new String(
                                    record.value().getBytes(StandardCharsets.UTF_8),
                                    StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
