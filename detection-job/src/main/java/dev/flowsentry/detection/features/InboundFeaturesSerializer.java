package dev.flowsentry.detection.features;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes the partial {@link InboundFeatures} that cross the shuffle: every field in declaration
 * order, without reflection (see {@link FeaturesSerializer}).
 */
public final class InboundFeaturesSerializer extends FeaturesSerializer<InboundFeatures> {

    private static final long serialVersionUID = 1L;

    public static final InboundFeaturesSerializer INSTANCE = new InboundFeaturesSerializer();

    /** The type of the partial inbound features stream. */
    public static final TypeInformation<InboundFeatures> TYPE =
            new SerializerTypeInformation<>(InboundFeatures.class, INSTANCE);

    @Override
    public InboundFeatures createInstance() {
        return new InboundFeatures();
    }

    @Override
    public void serialize(InboundFeatures features, DataOutputView target) throws IOException {
        target.writeLong(features.hostHigh);
        target.writeLong(features.hostLow);
        target.writeLong(features.windowStartMs);
        target.writeLong(features.windowEndMs);
        target.writeLong(features.packets);
        target.writeLong(features.bytes);
        target.writeLong(features.flows);
        target.writeLong(features.synOnlyFlows);
        target.writeLong(features.tcpPackets);
        target.writeLong(features.udpPackets);
        target.writeLong(features.icmpPackets);
        writeCounter(features.sources, target);
        writeTop(features.topSources, target);
        writeTop(features.topPorts, target);
    }

    @Override
    public InboundFeatures deserialize(DataInputView source) throws IOException {
        InboundFeatures features = new InboundFeatures();
        features.hostHigh = source.readLong();
        features.hostLow = source.readLong();
        features.windowStartMs = source.readLong();
        features.windowEndMs = source.readLong();
        features.packets = source.readLong();
        features.bytes = source.readLong();
        features.flows = source.readLong();
        features.synOnlyFlows = source.readLong();
        features.tcpPackets = source.readLong();
        features.udpPackets = source.readLong();
        features.icmpPackets = source.readLong();
        features.sources = readCounter(source);
        features.topSources = readTop(source);
        features.topPorts = readTop(source);
        return features;
    }

    @Override
    public TypeSerializerSnapshot<InboundFeatures> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot, for in-flight data of unaligned checkpoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InboundFeatures> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
