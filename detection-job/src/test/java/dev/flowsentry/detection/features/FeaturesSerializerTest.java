package dev.flowsentry.detection.features;

import static dev.flowsentry.detection.Flows.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.detection.config.AddressMatcher;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FeaturesSerializerTest {

    @Test
    void inboundFeaturesSurviveTheWireWithExactAndSketchedSources() throws Exception {
        InboundAggregate aggregate = new InboundAggregate();
        InboundFeatures small = aggregate.createAccumulator();
        aggregate.add(tcp("203.0.113.1", "10.0.0.1", 443, 0x02, 3), small);
        aggregate.add(tcp("203.0.113.2", "10.0.0.1", 80, 0x1B, 5), small);
        small.stamp(0, HostAddress.ipv4Low(0x0A00_0001), 10_000, 20_000);
        InboundFeatures flood = aggregate.createAccumulator();
        FlowEvent syn = tcp("203.0.113.1", "10.0.0.1", 80, 0x02, 1);
        for (int i = 0; i < 5_000; i++) {
            syn.srcLow = HostAddress.ipv4Low(0x0B00_0000 + i);
            aggregate.add(syn, flood);
        }

        for (InboundFeatures features :
                new InboundFeatures[] {small, flood, new InboundFeatures()}) {
            InboundFeatures copy = roundTrip(InboundFeaturesSerializer.INSTANCE, features);
            assertThat(copy)
                    .usingRecursiveComparison()
                    .ignoringFields("sources", "topSources", "topPorts")
                    .isEqualTo(features);
            assertThat(copy.sources.estimate()).isEqualTo(features.sources.estimate());
            assertThat(copy.topSources.top(8)).isEqualTo(features.topSources.top(8));
            assertThat(copy.topPorts.top(8)).isEqualTo(features.topPorts.top(8));
            assertSameLength(InboundFeaturesSerializer.INSTANCE, features, copy);
        }
    }

    @Test
    void outboundFeaturesSurviveTheWireWithTheirFanOutTables() throws Exception {
        OutboundAggregate aggregate = new OutboundAggregate(AddressMatcher.empty(), 3);
        OutboundFeatures scan = aggregate.createAccumulator();
        FlowEvent probe = tcp("10.0.0.9", "198.51.100.1", 22, 0x02, 1);
        for (int i = 0; i < 300; i++) {
            probe.dstLow = HostAddress.ipv4Low(0xC633_6400 + i);
            probe.dstPort = 22 + i % 12;
            aggregate.add(probe, scan);
        }
        aggregate.add(tcp("10.0.0.9", "198.51.100.1", 443, 0x1B, 40), scan);
        scan.stamp(0, HostAddress.ipv4Low(0x0A00_0009), 10_000, 20_000);

        for (OutboundFeatures features : new OutboundFeatures[] {scan, new OutboundFeatures()}) {
            OutboundFeatures copy = roundTrip(OutboundFeaturesSerializer.INSTANCE, features);
            assertThat(copy.flows).isEqualTo(features.flows);
            assertThat(copy.externalBytes).isEqualTo(features.externalBytes);
            assertThat(copy.failedAttempts).isEqualTo(features.failedAttempts);
            assertThat(copy.hostHigh).isEqualTo(features.hostHigh);
            assertThat(copy.hostLow).isEqualTo(features.hostLow);
            assertThat(copy.windowEndMs).isEqualTo(features.windowEndMs);
            assertThat(copy.destinations.estimate()).isEqualTo(features.destinations.estimate());
            assertThat(copy.ports.estimate()).isEqualTo(features.ports.estimate());
            assertThat(copy.portFanout.size).isEqualTo(features.portFanout.size);
            for (int entry = 0; entry < features.portFanout.size; entry++) {
                assertThat(copy.portFanout.score(entry, 0.2))
                        .isEqualTo(features.portFanout.score(entry, 0.2));
            }
            assertThat(copy.hostFanout.widest(0.2)).isEqualTo(features.hostFanout.widest(0.2));
            assertThat(copy.topExternalPeers.top(8)).isEqualTo(features.topExternalPeers.top(8));
            assertSameLength(OutboundFeaturesSerializer.INSTANCE, features, copy);
        }
    }

    @Test
    void aCopyIsDeepAndEqual() throws Exception {
        InboundAggregate aggregate = new InboundAggregate();
        InboundFeatures features = aggregate.createAccumulator();
        aggregate.add(tcp("203.0.113.1", "10.0.0.1", 443, 0x02, 3), features);

        InboundFeatures copy = InboundFeaturesSerializer.INSTANCE.copy(features);
        aggregate.add(tcp("203.0.113.2", "10.0.0.1", 443, 0x02, 3), features);

        assertThat(copy.flows).isEqualTo(1);
        assertThat(copy.sources.estimate()).isEqualTo(1);
        assertThat(features.sources.estimate()).isEqualTo(2);
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T copy = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after reading").isZero();
        return copy;
    }

    private static <T> void assertSameLength(TypeSerializer<T> serializer, T a, T b)
            throws IOException {
        DataOutputSerializer first = new DataOutputSerializer(64);
        serializer.serialize(a, first);
        DataOutputSerializer second = new DataOutputSerializer(64);
        serializer.serialize(b, second);
        assertThat(second.length()).isEqualTo(first.length());
    }
}
