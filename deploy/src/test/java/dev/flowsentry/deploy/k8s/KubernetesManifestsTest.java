package dev.flowsentry.deploy.k8s;

import static dev.flowsentry.deploy.k8s.Manifests.elements;
import static dev.flowsentry.deploy.k8s.Manifests.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.deploy.JobLauncher;
import dev.flowsentry.deploy.k8s.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates deploy/k8s against the real schemas (the Flink operator's CRD, Strimzi's and fabric8's
 * model classes) and checks that the manifests agree with each other: names, namespaces, topics,
 * users and their ACLs, ports, labels and selectors, ConfigMap keys and mounted files.
 */
class KubernetesManifestsTest {

    private static final Path K8S =
            Path.of(System.getProperty("flowsentry.repository", "..")).resolve("deploy/k8s");

    private static Manifests manifests;
    private static Kafka kafka;

    @BeforeAll
    static void load() throws IOException {
        manifests = Manifests.load(K8S);
        kafka = ModelBinding.bind(manifests.ofKind("Kafka").get(0).document(), Kafka.class);
    }

    @Test
    void kustomizationListsEveryManifestFileAndEveryFileIsListed() throws IOException {
        List<String> listed = texts(manifests.kustomization().path("resources"));
        List<String> files =
                Manifests.yamlFiles(K8S).stream()
                        .map(file -> file.getFileName().toString())
                        .filter(name -> !name.equals("kustomization.yaml"))
                        .toList();

        assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void everyResourceBindsToItsRealModelWithoutUnknownFields() {
        for (Manifest manifest : manifests.all()) {
            if (manifest.kind().equals("FlinkDeployment")) {
                continue;
            }
            Class<?> model = ModelBinding.MODELS.get(manifest.kind());
            assertThat(model).as("a model class for %s", manifest).isNotNull();

            assertThat(ModelBinding.problems(manifest.document(), model))
                    .as("%s", manifest)
                    .isEmpty();
        }
    }

    @Test
    void modelBindingRejectsAMisspelledField() {
        ObjectNode topic = manifests.get("KafkaTopic", "flows").document().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partition", 3);

        assertThat(ModelBinding.problems(topic, KafkaTopic.class))
                .singleElement()
                .asString()
                .contains("partition");
    }

    @Test
    void flinkDeploymentValidatesAgainstTheOperatorsCrdSchema() throws IOException {
        OperatorCrdSchema schema =
                OperatorCrdSchema.flinkDeployment(apiVersionOf(flinkDeployment()));

        assertThat(schema.validate(flinkDeployment().document())).isEmpty();
    }

    @Test
    void crdSchemaRejectsAMisspelledFieldAndAnUnknownUpgradeMode() throws IOException {
        ObjectNode misspelled = flinkDeployment().document().deepCopy();
        ((ObjectNode) misspelled.at("/spec/job")).put("paralelism", 4);
        ObjectNode badMode = flinkDeployment().document().deepCopy();
        ((ObjectNode) badMode.at("/spec/job")).put("upgradeMode", "snapshot");
        OperatorCrdSchema schema =
                OperatorCrdSchema.flinkDeployment(apiVersionOf(flinkDeployment()));

        assertThat(schema.validate(misspelled)).isNotEmpty();
        assertThat(schema.validate(badMode)).isNotEmpty();
    }

    @Test
    void flinkDeploymentBindsToTheOperatorsModelAndItsPodTemplateToAPod() {
        ObjectNode document = flinkDeployment().document().deepCopy();
        // The 1.10.0 model's FlinkVersion enum predates Flink 2 (see OperatorCrdSchema).
        ((ObjectNode) document.path("spec")).remove("flinkVersion");

        FlinkDeployment deployment = ModelBinding.bind(document, FlinkDeployment.class);

        assertThat(deployment.getSpec().getJob().getJarURI())
                .startsWith("local:///opt/flink/usrlib/");
        assertThat(
                        ModelBinding.problems(
                                document.at("/spec/podTemplate"), ModelBinding.MODELS.get("Pod")))
                .isEmpty();
    }

    @Test
    void everyNamespacedResourceIsInTheFlowsentryNamespace() {
        String namespace = manifests.kustomization().path("namespace").asText();

        assertThat(manifests.get("Namespace", namespace)).isNotNull();
        for (Manifest manifest : manifests.all()) {
            if (!manifest.kind().equals("Namespace")) {
                assertThat(manifest.namespace()).as("%s", manifest).isEqualTo(namespace);
            }
        }
    }

    @Test
    void strimziResourcesBelongToTheKafkaClusterAndItRunsKraftWithNodePools() {
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            for (Manifest manifest : manifests.ofKind(kind)) {
                assertThat(manifest.document().at("/metadata/labels/strimzi.io~1cluster").asText())
                        .as("%s", manifest)
                        .isEqualTo(kafka.getMetadata().getName());
            }
        }
        JsonNode pool = manifests.ofKind("KafkaNodePool").get(0).spec();
        assertThat(texts(pool.path("roles"))).containsExactlyInAnyOrder("controller", "broker");
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled");
    }

    @Test
    void topicReplicationFitsTheBrokersAndInSyncReplicasAllowOneBrokerDown() {
        int brokers =
                manifests.ofKind("KafkaNodePool").stream()
                        .mapToInt(pool -> pool.spec().path("replicas").asInt())
                        .sum();
        for (Manifest topic : manifests.ofKind("KafkaTopic")) {
            int replicas = topic.spec().path("replicas").asInt();
            int minInSync = topic.spec().path("config").path("min.insync.replicas").asInt();

            assertThat(replicas).as("%s", topic).isLessThanOrEqualTo(brokers);
            assertThat(minInSync).as("%s", topic).isBetween(1, replicas - 1);
        }
    }

    @Test
    void componentsUseExistingTopicsTheBootstrapServiceAndTheirOwnUserSecret() throws IOException {
        for (Component component : components()) {
            assertThat(topicNames()).as(component.name()).containsAll(component.topics());
            assertThat(component.settings().getProperty("bootstrap-servers"))
                    .as(component.name())
                    .isEqualTo(bootstrapAddress());
            assertThat(secretMountedAt(component.pod(), component.userSecretDirectory()))
                    .as("%s mounts its KafkaUser's Secret", component.name())
                    .contains(component.user());
            assertThat(manifests.get("KafkaUser", component.user())).isNotNull();
        }
    }

    @Test
    void kafkaClientSettingsMatchTheListenerAndPointAtMountedFiles() throws IOException {
        GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().get(0);
        for (Component component : components()) {
            Properties client = component.kafkaClient();

            assertThat(listener.isTls()).isTrue();
            assertThat(listener.getAuth().getType()).isEqualTo("scram-sha-512");
            assertThat(client.getProperty("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(client.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
            String truststore = client.getProperty("ssl.truststore.location");
            assertThat(secretMountedAt(component.pod(), parentOf(truststore)))
                    .as("%s: %s", component.name(), truststore)
                    .contains(kafka.getMetadata().getName() + "-cluster-ca-cert");
            String jaas =
                    client.getProperty(
                            "sasl.jaas.config", client.getProperty("sasl.jaas.config.file"));
            String expectedStart =
                    (client.containsKey("sasl.jaas.config") ? "${dir:" : "")
                            + component.userSecretDirectory();
            assertThat(jaas)
                    .as("%s reads its JAAS settings from its user's Secret", component.name())
                    .startsWith(expectedStart);
        }
    }

    @Test
    void usersHaveTheAclsTheirComponentNeedsAndNoMore() throws IOException {
        Component decoder = component("flow-decoder");
        Component job = component("detection-job");
        Component forwarder = component("alert-forwarder");

        assertThat(topicOperations(decoder.user()))
                .containsOnlyKeys(decoder.settings().getProperty("topic"));
        assertThat(topicOperations(decoder.user()).get(decoder.settings().getProperty("topic")))
                .contains(AclOperation.WRITE);
        assertThat(topicOperations(job.user()).get(job.settings().getProperty("flows-topic")))
                .contains(AclOperation.READ);
        assertThat(topicOperations(job.user()).get(job.settings().getProperty("alerts-topic")))
                .contains(AclOperation.WRITE);
        assertThat(groupAllows(job.user(), job.settings().getProperty("group-id"))).isTrue();
        assertThat(transactionalIdRules(job.user())).isNotEmpty();
        assertThat(topicOperations(forwarder.user()))
                .containsOnlyKeys(forwarder.settings().getProperty("topic"));
        assertThat(topicOperations(forwarder.user()).get(forwarder.settings().getProperty("topic")))
                .containsOnly(AclOperation.READ, AclOperation.DESCRIBE);
        assertThat(groupAllows(forwarder.user(), forwarder.settings().getProperty("group-id")))
                .isTrue();
    }

    @Test
    void decoderServiceSendsUdpToTheListenPortAndKeepsExporterAddresses() throws IOException {
        Component decoder = component("flow-decoder");
        int listenPort =
                Integer.parseInt(decoder.settings().getProperty("listen").replaceAll(".*:", ""));
        JsonNode service = manifests.get("Service", "flow-decoder-netflow").spec();
        JsonNode servicePort = service.path("ports").get(0);
        ContainerPort containerPort =
                containerPort(decoder.pod(), servicePort.path("targetPort").asText());

        assertThat(service.path("type").asText()).isIn("LoadBalancer", "NodePort");
        assertThat(service.path("externalTrafficPolicy").asText()).isEqualTo("Local");
        assertThat(servicePort.path("protocol").asText()).isEqualTo("UDP");
        assertThat(containerPort.getProtocol()).isEqualTo("UDP");
        assertThat(containerPort.getContainerPort()).isEqualTo(listenPort);
        assertThat(servicePort.path("port").asInt()).isEqualTo(listenPort);
    }

    @Test
    void servicesAndNetworkPoliciesSelectTheirDeploymentsPods() {
        for (Manifest service : manifests.ofKind("Service")) {
            Map<String, String> selector = stringMap(service.spec().path("selector"));
            assertThat(podsSelectedBy(selector)).as("%s selects pods", service).isNotEmpty();
        }
        for (Manifest policy : manifests.ofKind("NetworkPolicy")) {
            Map<String, String> selector =
                    stringMap(policy.spec().path("podSelector").path("matchLabels"));
            assertThat(podsSelectedBy(selector)).as("%s selects pods", policy).isNotEmpty();
        }
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            Map<String, String> selector =
                    stringMap(deployment.spec().path("selector").path("matchLabels"));
            assertThat(stringMap(deployment.spec().at("/template/metadata/labels")))
                    .containsAllEntriesOf(selector);
        }
    }

    @Test
    void networkPolicyLetsNetflowInOnlyFromTheDecodersAllowList() throws IOException {
        Component decoder = component("flow-decoder");
        int listenPort =
                Integer.parseInt(decoder.settings().getProperty("listen").replaceAll(".*:", ""));
        Set<String> allowList = Set.of(decoder.settings().getProperty("allow").split(","));
        JsonNode ingress =
                manifests.get("NetworkPolicy", "flow-decoder-ingress").spec().path("ingress");

        List<JsonNode> udpRules =
                elements(ingress).stream()
                        .filter(rule -> rule.path("ports").toString().contains("UDP"))
                        .toList();
        assertThat(udpRules).singleElement();
        JsonNode udpRule = udpRules.get(0);
        assertThat(udpRule.at("/ports/0/port").asInt()).isEqualTo(listenPort);
        Set<String> sources =
                elements(udpRule.path("from")).stream()
                        .map(from -> from.at("/ipBlock/cidr").asText())
                        .collect(Collectors.toSet());
        assertThat(sources).isEqualTo(allowList);
    }

    @Test
    void metricsPortsMatchTheContainersNamedPorts() throws IOException {
        for (String name : List.of("flow-decoder", "alert-forwarder")) {
            Component component = component(name);
            int metricsPort = Integer.parseInt(component.settings().getProperty("metrics-port"));

            assertThat(containerPort(component.pod(), "metrics").getContainerPort())
                    .as(name)
                    .isEqualTo(metricsPort);
        }
    }

    @Test
    void everyReferencedConfigMapExistsAndEveryConfigFileArgumentIsAMountedKey()
            throws IOException {
        for (Component component : components()) {
            for (Volume volume : component.pod().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(manifests.get("ConfigMap", volume.getConfigMap().getName()))
                            .isNotNull();
                }
            }
            String configFile = component.configFileArgument();
            assertThat(mountedConfigMapKey(component.pod(), configFile))
                    .as("%s: %s", component.name(), configFile)
                    .isPresent();
            String kafkaConfig = component.settings().getProperty("kafka-config");
            if (kafkaConfig != null) {
                assertThat(mountedConfigMapKey(component.pod(), kafkaConfig))
                        .as("%s: %s", component.name(), kafkaConfig)
                        .isPresent();
            }
        }
    }

    @Test
    void jobEntryClassIsTheLauncherAndItStartsTheJobJarsMainClass() throws Exception {
        String entryClass = flinkDeployment().spec().at("/job/entryClass").asText();
        Path jobJar = K8S.resolve("../../detection-job/target/detection-job.jar").normalize();

        assertThat(Class.forName(entryClass, false, getClass().getClassLoader()))
                .isEqualTo(JobLauncher.class);
        assumeTrue(Files.exists(jobJar), "detection-job.jar is built before deploy in the reactor");
        try (JarFile jar = new JarFile(jobJar.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(JobLauncher.DEFAULT_MAIN_CLASS);
        }
    }

    @Test
    void jobParallelismDoesNotExceedTheFlowsPartitions() throws IOException {
        Component job = component("detection-job");
        int partitions =
                ModelBinding.bind(
                                manifests
                                        .get(
                                                "KafkaTopic",
                                                job.settings().getProperty("flows-topic"))
                                        .document(),
                                KafkaTopic.class)
                        .getSpec()
                        .getPartitions();

        assertThat(flinkDeployment().spec().at("/job/parallelism").asInt())
                .isBetween(1, partitions);
    }

    @Test
    void kustomizationImagesAreTheImagesTheManifestsUse() {
        Set<String> images = new java.util.TreeSet<>();
        images.add(flinkDeployment().spec().path("image").asText().replaceAll(":.*", ""));
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            for (JsonNode container : deployment.spec().at("/template/spec/containers")) {
                images.add(container.path("image").asText().replaceAll(":.*", ""));
            }
        }

        assertThat(
                        elements(manifests.kustomization().path("images")).stream()
                                .map(image -> image.path("name").asText()))
                .containsExactlyInAnyOrderElementsOf(images);
    }

    /**
     * One component's pod, its settings file (a ConfigMap key), its Kafka client settings and the
     * directory where its KafkaUser's Secret must be mounted (from the SASL JAAS setting).
     */
    private record Component(
            String name,
            String user,
            PodSpec pod,
            String configFileArgument,
            Properties settings,
            Properties kafkaClient,
            String userSecretDirectory,
            List<String> topics) {}

    private static List<Component> components() throws IOException {
        return List.of(
                component("flow-decoder"),
                component("detection-job"),
                component("alert-forwarder"));
    }

    private static Component component(String name) throws IOException {
        boolean job = name.equals("detection-job");
        PodSpec pod;
        List<String> arguments;
        if (job) {
            pod =
                    ModelBinding.bind(
                                    flinkDeployment().spec().path("podTemplate"),
                                    io.fabric8.kubernetes.api.model.Pod.class)
                            .getSpec();
            arguments = texts(flinkDeployment().spec().at("/job/args"));
        } else {
            pod =
                    ModelBinding.bind(
                                    manifests.get("Deployment", name).document(), Deployment.class)
                            .getSpec()
                            .getTemplate()
                            .getSpec();
            arguments = pod.getContainers().get(0).getArgs();
        }
        String configFile =
                arguments.get(arguments.indexOf(job ? "--parameters-file" : "--config") + 1);
        Properties settings = mountedProperties(pod, configFile);
        Properties kafkaClient =
                job
                        ? withPrefix(settings, "kafka.")
                        : mountedProperties(pod, settings.getProperty("kafka-config"));
        String jaasFile =
                job
                        ? kafkaClient.getProperty("sasl.jaas.config.file")
                        : kafkaClient
                                .getProperty("sasl.jaas.config")
                                .replaceAll("^\\$\\{dir:([^:]+):(.*)}$", "$1/$2");
        List<String> topics = new ArrayList<>();
        for (String key : List.of("topic", "flows-topic", "alerts-topic")) {
            Optional.ofNullable(settings.getProperty(key)).ifPresent(topics::add);
        }
        return new Component(
                name, name, pod, configFile, settings, kafkaClient, parentOf(jaasFile), topics);
    }

    /** The entries of {@code properties} whose key starts with {@code prefix}, prefix removed. */
    private static Properties withPrefix(Properties properties, String prefix) {
        Properties selected = new Properties();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                selected.setProperty(key.substring(prefix.length()), properties.getProperty(key));
            }
        }
        return selected;
    }

    private static Properties mountedProperties(PodSpec pod, String file) throws IOException {
        String[] configMapAndKey =
                mountedConfigMapKey(pod, file)
                        .orElseThrow(
                                () -> new AssertionError(file + " is not a mounted ConfigMap key"));
        return manifests.configMapProperties(configMapAndKey[0], configMapAndKey[1]);
    }

    /**
     * The ConfigMap name and key that {@code file} is in the pod, if a mounted ConfigMap has it.
     */
    private static Optional<String[]> mountedConfigMapKey(PodSpec pod, String file) {
        for (Container container : pod.getContainers()) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                Volume volume = volume(pod, mount.getName());
                if (volume.getConfigMap() != null && parentOf(file).equals(mount.getMountPath())) {
                    String key = file.substring(file.lastIndexOf('/') + 1);
                    String configMap = volume.getConfigMap().getName();
                    if (manifests.get("ConfigMap", configMap).document().path("data").has(key)) {
                        return Optional.of(new String[] {configMap, key});
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> secretMountedAt(PodSpec pod, String directory) {
        for (Container container : pod.getContainers()) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                Volume volume = volume(pod, mount.getName());
                if (volume.getSecret() != null && mount.getMountPath().equals(directory)) {
                    return Optional.of(volume.getSecret().getSecretName());
                }
            }
        }
        return Optional.empty();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("volume mount " + name + " has no volume"));
    }

    private static ContainerPort containerPort(PodSpec pod, String name) {
        return pod.getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(port -> name.equals(port.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static List<Manifest> podsSelectedBy(Map<String, String> selector) {
        return manifests.ofKind("Deployment").stream()
                .filter(
                        deployment ->
                                stringMap(deployment.spec().at("/template/metadata/labels"))
                                        .entrySet()
                                        .containsAll(selector.entrySet()))
                .toList();
    }

    private static Map<String, Set<AclOperation>> topicOperations(String user) {
        Map<String, Set<AclOperation>> operations = new java.util.TreeMap<>();
        for (AclRule rule : aclRules(user)) {
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                assertThat(topic.getPatternType()).isEqualTo(AclResourcePatternType.LITERAL);
                operations
                        .computeIfAbsent(topic.getName(), name -> new java.util.TreeSet<>())
                        .addAll(rule.getOperations());
            }
        }
        return operations;
    }

    private static boolean groupAllows(String user, String groupId) {
        return aclRules(user).stream()
                .filter(rule -> rule.getResource() instanceof AclRuleGroupResource)
                .anyMatch(
                        rule -> {
                            AclRuleGroupResource group = (AclRuleGroupResource) rule.getResource();
                            boolean matches =
                                    group.getPatternType() == AclResourcePatternType.PREFIX
                                            ? groupId.startsWith(group.getName())
                                            : groupId.equals(group.getName());
                            return matches && rule.getOperations().contains(AclOperation.READ);
                        });
    }

    private static List<AclRule> transactionalIdRules(String user) {
        return aclRules(user).stream()
                .filter(rule -> rule.getResource() instanceof AclRuleTransactionalIdResource)
                .toList();
    }

    private static List<AclRule> aclRules(String user) {
        KafkaUser kafkaUser =
                ModelBinding.bind(manifests.get("KafkaUser", user).document(), KafkaUser.class);
        return ((KafkaUserAuthorizationSimple) kafkaUser.getSpec().getAuthorization()).getAcls();
    }

    private static Set<String> topicNames() {
        return manifests.ofKind("KafkaTopic").stream()
                .map(Manifest::name)
                .collect(Collectors.toSet());
    }

    private static String bootstrapAddress() {
        GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().get(0);
        return kafka.getMetadata().getName() + "-kafka-bootstrap:" + listener.getPort();
    }

    private static Manifest flinkDeployment() {
        return manifests.ofKind("FlinkDeployment").get(0);
    }

    private static String apiVersionOf(Manifest manifest) {
        return manifest.document().path("apiVersion").asText().replaceAll(".*/", "");
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new java.util.TreeMap<>();
        node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static String parentOf(String file) {
        return file.substring(0, file.lastIndexOf('/'));
    }
}
