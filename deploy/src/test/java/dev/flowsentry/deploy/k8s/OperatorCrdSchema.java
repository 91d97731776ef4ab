package dev.flowsentry.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * The FlinkDeployment CRD's openAPIV3Schema, as shipped in flink-kubernetes-operator-api's jar,
 * made strict the way {@code kubectl apply --validate=strict} is: an object schema that lists its
 * properties and does not preserve unknown fields rejects any other field.
 *
 * <p>One change to the real schema: the 1.10.0 CRD (the newest operator API that resolves from
 * Maven Central here) predates Flink 2, so its {@code flinkVersion} enum stops at {@code v1_20};
 * the Flink 2 values that later operators accept are added. Everything else is the real schema.
 */
final class OperatorCrdSchema {

    static final String CRD_RESOURCE = "/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");

    private final JsonSchema schema;

    private OperatorCrdSchema(JsonSchema schema) {
        this.schema = schema;
    }

    static OperatorCrdSchema flinkDeployment(String version) throws IOException {
        JsonNode crd;
        try (InputStream input = OperatorCrdSchema.class.getResourceAsStream(CRD_RESOURCE)) {
            if (input == null) {
                throw new IOException(
                        CRD_RESOURCE + " not on the class path (flink-kubernetes-operator-api)");
            }
            crd = Manifests.YAML.readTree(input);
        }
        ObjectNode openApi = openApiSchema(crd, version);
        addImplicitRootFields(openApi);
        makeStrict(openApi);
        ArrayNode flinkVersions =
                (ArrayNode) openApi.at("/properties/spec/properties/flinkVersion/enum");
        FLINK_2_VERSIONS.forEach(flinkVersions::add);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        return new OperatorCrdSchema(factory.getSchema(openApi));
    }

    Set<ValidationMessage> validate(JsonNode resource) {
        return schema.validate(resource);
    }

    private static ObjectNode openApiSchema(JsonNode crd, String version) {
        for (JsonNode candidate : crd.path("spec").path("versions")) {
            if (candidate.path("name").asText().equals(version)) {
                return (ObjectNode) candidate.path("schema").path("openAPIV3Schema").deepCopy();
            }
        }
        throw new IllegalArgumentException("the CRD has no version " + version);
    }

    /** Every resource has these; the API server, not the CRD, defines them. */
    private static void addImplicitRootFields(ObjectNode schema) {
        ObjectNode properties = (ObjectNode) schema.path("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
    }

    private static void makeStrict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        boolean preservesUnknown =
                object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (object.has("properties") && !object.has("additionalProperties") && !preservesUnknown) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(OperatorCrdSchema::makeStrict);
        makeStrict(object.path("items"));
        makeStrict(object.path("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            object.path(combinator).forEach(OperatorCrdSchema::makeStrict);
        }
    }
}
