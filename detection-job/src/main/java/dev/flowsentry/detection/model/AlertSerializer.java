package dev.flowsentry.detection.model;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.detection.features.SerializerTypeInformation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serialises sink-alerts' immutable {@link Alert} between the detectors and the sink with Java
 * serialization (a handful of alerts per second, never the hot path), so that the job runs with
 * generic types (Kryo) disabled.
 */
public final class AlertSerializer extends TypeSerializerSingleton<Alert> {

    private static final long serialVersionUID = 1L;

    public static final AlertSerializer INSTANCE = new AlertSerializer();

    /** Type information to pass to {@code returns(...)} for alert streams. */
    public static final TypeInformation<Alert> TYPE =
            new SerializerTypeInformation<>(Alert.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Alert createInstance() {
        return null;
    }

    @Override
    public Alert copy(Alert from) {
        return from;
    }

    @Override
    public Alert copy(Alert from, Alert reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Alert record, DataOutputView target) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(record);
        }
        target.writeInt(buffer.size());
        target.write(buffer.toByteArray());
    }

    @Override
    public Alert deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Alert) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("alert class missing from the classpath", e);
        }
    }

    @Override
    public Alert deserialize(Alert reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<Alert> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot for savepoint compatibility. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Alert> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
