package dev.flowsentry.deploy.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a manifest into the real model class of its kind (fabric8 for core resources, Strimzi's api
 * for Kafka resources) and reports every field the model does not know: Jackson fails on unknown
 * properties where a model has no catch-all, and the catch-all maps ({@code
 * getAdditionalProperties()}) the fabric8 and Strimzi models keep unknown fields in must be empty.
 */
final class ModelBinding {

    static final Map<String, Class<?>> MODELS =
            Map.of(
                    "Namespace", Namespace.class,
                    "ConfigMap", ConfigMap.class,
                    "Deployment", Deployment.class,
                    "Service", Service.class,
                    "NetworkPolicy", NetworkPolicy.class,
                    "Pod", Pod.class,
                    "Kafka", Kafka.class,
                    "KafkaNodePool", KafkaNodePool.class,
                    "KafkaTopic", KafkaTopic.class,
                    "KafkaUser", KafkaUser.class);

    private static final ObjectMapper STRICT =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private ModelBinding() {}

    /** Binds {@code document} to {@code model}; returns the problems found (empty: clean). */
    static List<String> problems(JsonNode document, Class<?> model) {
        Object bound;
        try {
            bound = STRICT.treeToValue(document, model);
        } catch (Exception e) {
            return List.of(e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(
                bound,
                model.getSimpleName(),
                unknown,
                Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    static <T> T bind(JsonNode document, Class<T> model) {
        try {
            return STRICT.treeToValue(document, model);
        } catch (Exception e) {
            throw new AssertionError(
                    "cannot bind to " + model.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static void collectUnknownFields(
            Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Iterable<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown, seen));
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isGetter(getter)) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                collectUnknownFields(child, path + "." + propertyName(getter), unknown, seen);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model")
                || name.startsWith("io.strimzi.api")
                || name.startsWith("org.apache.flink.kubernetes.operator.api");
    }

    private static boolean isGetter(Method method) {
        return method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && (method.getName().startsWith("get") || method.getName().startsWith("is"))
                && !method.getName().equals("getClass")
                && method.getDeclaringClass() != Object.class;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().replaceFirst("^(get|is)", "");
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
