package dev.flowsentry.detection.features;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink to serialise {@link DistinctCounter} with {@link DistinctCounterSerializer}. */
public final class DistinctCounterTypeInfoFactory extends TypeInfoFactory<DistinctCounter> {

    @Override
    public TypeInformation<DistinctCounter> createTypeInfo(
            Type type, Map<String, TypeInformation<?>> genericParameters) {
        return new SerializerTypeInformation<>(
                DistinctCounter.class, DistinctCounterSerializer.INSTANCE);
    }
}
