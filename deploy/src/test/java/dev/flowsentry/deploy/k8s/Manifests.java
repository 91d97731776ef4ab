package dev.flowsentry.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.StreamSupport;

/** The manifests of deploy/k8s as Jackson trees, with lookups by kind and name. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One YAML document of one file. */
    record Manifest(Path file, ObjectNode document) {

        String kind() {
            return document.path("kind").asText();
        }

        String name() {
            return document.path("metadata").path("name").asText();
        }

        String namespace() {
            return document.path("metadata").path("namespace").asText();
        }

        JsonNode spec() {
            return document.path("spec");
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + file.getFileName() + ")";
        }
    }

    private final Path directory;
    private final ObjectNode kustomization;
    private final List<Manifest> manifests;

    private Manifests(Path directory, ObjectNode kustomization, List<Manifest> manifests) {
        this.directory = directory;
        this.kustomization = kustomization;
        this.manifests = manifests;
    }

    /** Reads every file the kustomization lists, every YAML document of each. */
    static Manifests load(Path directory) throws IOException {
        ObjectNode kustomization =
                (ObjectNode) YAML.readTree(directory.resolve("kustomization.yaml").toFile());
        List<Manifest> manifests = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            manifests.addAll(readDocuments(directory.resolve(resource.asText())));
        }
        return new Manifests(directory, kustomization, manifests);
    }

    static List<Manifest> readDocuments(Path file) throws IOException {
        List<Manifest> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            for (var iterator = YAML.readValues(parser, ObjectNode.class); iterator.hasNext(); ) {
                ObjectNode document = iterator.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(new Manifest(file, document));
                }
            }
        }
        return documents;
    }

    Path directory() {
        return directory;
    }

    ObjectNode kustomization() {
        return kustomization;
    }

    List<Manifest> all() {
        return manifests;
    }

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
    }

    Manifest get(String kind, String name) {
        return manifests.stream()
                .filter(manifest -> manifest.kind().equals(kind) && manifest.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no " + kind + " named " + name + " in " + directory));
    }

    /** A key of a ConfigMap, as text. */
    String configMapEntry(String configMap, String key) {
        JsonNode value = get("ConfigMap", configMap).document().path("data").path(key);
        if (value.isMissingNode()) {
            throw new AssertionError("ConfigMap " + configMap + " has no key " + key);
        }
        return value.asText();
    }

    /** A key of a ConfigMap read as a properties file. */
    Properties configMapProperties(String configMap, String key) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(configMapEntry(configMap, key)));
        return properties;
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    static List<String> texts(JsonNode array) {
        return elements(array).stream().map(JsonNode::asText).toList();
    }

    static List<Path> yamlFiles(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
