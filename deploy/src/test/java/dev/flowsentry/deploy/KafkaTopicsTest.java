package dev.flowsentry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.deploy.KafkaTopics.TopicSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void aTopicIsNamePartitionsAndSettings() {
        assertThat(TopicSpecification.parse("flows:4:retention.ms=86400000, compression.type=lz4"))
                .isEqualTo(
                        new TopicSpecification(
                                "flows",
                                4,
                                Map.of("retention.ms", "86400000", "compression.type", "lz4")));
        assertThat(TopicSpecification.parse("alerts:1"))
                .isEqualTo(new TopicSpecification("alerts", 1, Map.of()));
    }

    @Test
    void aMalformedTopicIsAUsageError() {
        assertThatThrownBy(() -> TopicSpecification.parse("flows"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAME:PARTITIONS");
        assertThatThrownBy(() -> TopicSpecification.parse("flows:four"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be a whole number");
        assertThatThrownBy(() -> TopicSpecification.parse("flows:0"))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TopicSpecification.parse("flows:4:retention.ms"))
                .hasMessageContaining("expected key=value");
    }
}
