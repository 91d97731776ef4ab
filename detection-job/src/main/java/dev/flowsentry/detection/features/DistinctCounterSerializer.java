package dev.flowsentry.detection.features;

import java.io.IOException;
import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link DistinctCounter} as its exact hashes, or as the HLL sketch's compact bytes once
 * sketched: {@code int n >= 0} then n longs, or {@code int -length} then the sketch.
 */
public final class DistinctCounterSerializer extends TypeSerializerSingleton<DistinctCounter> {

    private static final long serialVersionUID = 1L;

    public static final DistinctCounterSerializer INSTANCE = new DistinctCounterSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DistinctCounter createInstance() {
        return new DistinctCounter();
    }

    @Override
    public DistinctCounter copy(DistinctCounter from) {
        DistinctCounter copy = new DistinctCounter();
        copy.size = from.size;
        copy.table = from.table == null ? null : from.table.clone();
        copy.sketch = from.sketch == null ? null : from.sketch.copy();
        return copy;
    }

    @Override
    public DistinctCounter copy(DistinctCounter from, DistinctCounter reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DistinctCounter record, DataOutputView target) throws IOException {
        if (record.sketch != null) {
            byte[] bytes = record.sketch.toCompactByteArray();
            target.writeInt(-bytes.length);
            target.write(bytes);
            return;
        }
        target.writeInt(record.size);
        if (record.table == null) {
            return;
        }
        for (long item : record.table) {
            if (item != 0) {
                target.writeLong(item);
            }
        }
    }

    @Override
    public DistinctCounter deserialize(DataInputView source) throws IOException {
        DistinctCounter counter = new DistinctCounter();
        int header = source.readInt();
        if (header < 0) {
            byte[] bytes = new byte[-header];
            source.readFully(bytes);
            counter.sketch = HllSketch.heapify(bytes);
            counter.table = null;
            return counter;
        }
        for (int i = 0; i < header; i++) {
            counter.add(source.readLong());
        }
        return counter;
    }

    @Override
    public DistinctCounter deserialize(DistinctCounter reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int header = source.readInt();
        target.writeInt(header);
        target.write(source, header < 0 ? -header : header * Long.BYTES);
    }

    @Override
    public TypeSerializerSnapshot<DistinctCounter> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot for savepoint compatibility. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DistinctCounter> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
