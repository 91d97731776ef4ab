package dev.flowsentry.detection.features;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The common part of the dedicated serializers of the partial features that cross the shuffles
 * ({@link InboundFeaturesSerializer}, {@link OutboundFeaturesSerializer}), and the encodings of the
 * parts they share.
 *
 * <p>Why not the POJO serializer: it reads and writes every field by reflection, boxes every {@code
 * long} and writes a null flag per field, and partials cross a shuffle once per host, window and
 * upstream subtask. These write the fields in a fixed order. Window and detector state keep the
 * POJO serializer (its schema evolution and savepoint compatibility); only the records on the wire
 * use these.
 *
 * @param <F> the features type
 */
abstract class FeaturesSerializer<F> extends TypeSerializerSingleton<F> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public F copy(F from) {
        try {
            DataOutputSerializer bytes = new DataOutputSerializer(256);
            serialize(from, bytes);
            return deserialize(
                    new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen copying in memory", e);
        }
    }

    @Override
    public F copy(F from, F reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public F deserialize(F reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    static void writeTop(TopContributors top, DataOutputView target) throws IOException {
        target.writeInt(top.size);
        for (int i = 0; i < top.size; i++) {
            target.writeLong(top.keyHigh[i]);
            target.writeLong(top.keyLow[i]);
            target.writeLong(top.weight[i]);
        }
    }

    static TopContributors readTop(DataInputView source) throws IOException {
        TopContributors top = new TopContributors();
        int size = source.readInt();
        if (size > 0) {
            top.keyHigh = new long[size];
            top.keyLow = new long[size];
            top.weight = new long[size];
            for (int i = 0; i < size; i++) {
                top.keyHigh[i] = source.readLong();
                top.keyLow[i] = source.readLong();
                top.weight[i] = source.readLong();
            }
            top.size = size;
        }
        return top;
    }

    static void writeFanout(FanoutTable table, DataOutputView target) throws IOException {
        target.writeInt(table.size);
        for (int i = 0; i < table.size; i++) {
            target.writeLong(table.keyHigh[i]);
            target.writeLong(table.keyLow[i]);
            writeOptionalCounter(table.failed[i], target);
            writeOptionalCounter(table.answered[i], target);
        }
    }

    static FanoutTable readFanout(DataInputView source) throws IOException {
        FanoutTable table = new FanoutTable();
        int size = source.readInt();
        if (size > 0) {
            table.keyHigh = new long[size];
            table.keyLow = new long[size];
            table.failed = new DistinctCounter[size];
            table.answered = new DistinctCounter[size];
            for (int i = 0; i < size; i++) {
                table.keyHigh[i] = source.readLong();
                table.keyLow[i] = source.readLong();
                table.failed[i] = readOptionalCounter(source);
                table.answered[i] = readOptionalCounter(source);
            }
            table.size = size;
        }
        return table;
    }

    static void writeCounter(DistinctCounter counter, DataOutputView target) throws IOException {
        DistinctCounterSerializer.INSTANCE.serialize(counter, target);
    }

    static DistinctCounter readCounter(DataInputView source) throws IOException {
        return DistinctCounterSerializer.INSTANCE.deserialize(source);
    }

    private static void writeOptionalCounter(DistinctCounter counter, DataOutputView target)
            throws IOException {
        target.writeBoolean(counter != null);
        if (counter != null) {
            writeCounter(counter, target);
        }
    }

    private static DistinctCounter readOptionalCounter(DataInputView source) throws IOException {
        return source.readBoolean() ? readCounter(source) : null;
    }
}
