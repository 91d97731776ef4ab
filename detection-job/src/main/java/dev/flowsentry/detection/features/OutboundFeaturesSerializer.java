package dev.flowsentry.detection.features;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes the partial {@link OutboundFeatures} that cross the shuffle: every field in declaration
 * order, without reflection (see {@link FeaturesSerializer}).
 */
public final class OutboundFeaturesSerializer extends FeaturesSerializer<OutboundFeatures> {

    private static final long serialVersionUID = 1L;

    public static final OutboundFeaturesSerializer INSTANCE = new OutboundFeaturesSerializer();

    /** The type of the partial outbound features stream. */
    public static final TypeInformation<OutboundFeatures> TYPE =
            new SerializerTypeInformation<>(OutboundFeatures.class, INSTANCE);

    @Override
    public OutboundFeatures createInstance() {
        return new OutboundFeatures();
    }

    @Override
    public void serialize(OutboundFeatures features, DataOutputView target) throws IOException {
        target.writeLong(features.hostHigh);
        target.writeLong(features.hostLow);
        target.writeLong(features.windowStartMs);
        target.writeLong(features.windowEndMs);
        target.writeLong(features.flows);
        target.writeLong(features.packets);
        target.writeLong(features.bytes);
        target.writeLong(features.attempts);
        target.writeLong(features.failedAttempts);
        writeCounter(features.destinations, target);
        writeCounter(features.ports, target);
        writeFanout(features.portFanout, target);
        writeFanout(features.hostFanout, target);
        target.writeLong(features.externalBytes);
        target.writeLong(features.externalPackets);
        target.writeLong(features.externalFlows);
        writeTop(features.topExternalPeers, target);
        writeTop(features.topDestinations, target);
        writeTop(features.topPorts, target);
    }

    @Override
    public OutboundFeatures deserialize(DataInputView source) throws IOException {
        OutboundFeatures features = new OutboundFeatures();
        features.hostHigh = source.readLong();
        features.hostLow = source.readLong();
        features.windowStartMs = source.readLong();
        features.windowEndMs = source.readLong();
        features.flows = source.readLong();
        features.packets = source.readLong();
        features.bytes = source.readLong();
        features.attempts = source.readLong();
        features.failedAttempts = source.readLong();
        features.destinations = readCounter(source);
        features.ports = readCounter(source);
        features.portFanout = readFanout(source);
        features.hostFanout = readFanout(source);
        features.externalBytes = source.readLong();
        features.externalPackets = source.readLong();
        features.externalFlows = source.readLong();
        features.topExternalPeers = readTop(source);
        features.topDestinations = readTop(source);
        features.topPorts = readTop(source);
        return features;
    }

    @Override
    public TypeSerializerSnapshot<OutboundFeatures> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot, for in-flight data of unaligned checkpoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OutboundFeatures> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
