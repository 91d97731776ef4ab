package dev.flowsentry.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.detection.detect.DetectorState;
import dev.flowsentry.detection.features.InboundFeatures;
import dev.flowsentry.detection.features.OutboundFeatures;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostKey;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class JobGraphTest {

    @Test
    void theWholeJobBuildsWithGenericTypesDisabled() {
        StreamGraph graph = graph();
        assertThat(graph.getStreamNodes()).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void everyOperatorHasAStableUidAndAReadableName() {
        for (StreamNode node : graph().getStreamNodes()) {
            assertThat(node.getTransformationUID())
                    .as("uid of %s", node.getOperatorName())
                    .isNotBlank();
            assertThat(node.getOperatorName()).doesNotContain("Map", "Filter", "Process");
        }
    }

    @Test
    void hotPathTypesAreFlinkPojos() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        for (Class<?> type :
                new Class<?>[] {
                    FlowEvent.class,
                    HostKey.class,
                    InboundFeatures.class,
                    OutboundFeatures.class,
                    DetectorState.class
                }) {
            assertThat(TypeInformation.of(type).createSerializer(config))
                    .as(type.getSimpleName())
                    .isInstanceOf(PojoSerializer.class);
        }
    }

    private static StreamGraph graph() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        DetectionJob.build(environment, Flows.config("--dead-letter-topic", "flows-dead-letter"));
        return environment.getStreamGraph();
    }
}
