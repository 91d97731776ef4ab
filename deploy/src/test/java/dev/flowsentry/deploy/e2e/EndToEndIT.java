package dev.flowsentry.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.deploy.e2e.LocalStack.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline on real processes started by deploy/flowsentry: a KRaft broker and a Flink
 * session cluster from Maven artifacts, the decoder and the forwarder from this build, the
 * detection job submitted over REST, and softflowd replaying a generated pcap of the labelled
 * scenario. Every attack must raise a start alert of its type for its host, delivered by the
 * forwarder to a JSON-lines file; the benign heavy hitters none. Everything is stopped at the end,
 * and no process of the stack may be left.
 *
 * <p>Ports: {@code flowsentry.e2e.port.base} (default 29000) plus the usual last digits (Kafka
 * 29092, Flink 29081, NetFlow 29055/udp...), apart from a demo a user may run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static Path alertsFile;

    @BeforeAll
    static void startStack() throws Exception {
        Path home =
                Path.of(System.getProperty("flowsentry.e2e.home", "target/e2e-home"))
                        .toAbsolutePath();
        int portBase =
                LocalStack.portBase("FLOWSENTRY_E2E_PORT_BASE", "flowsentry.e2e.port.base", 29000);
        LocalStack.deleteRecursively(home);
        alertsFile = home.resolve("delivered/alerts.jsonl");
        Files.createDirectories(alertsFile.getParent());
        stack =
                new LocalStack(LocalStack.repository(), home, portBase)
                        .set("FLOWSENTRY_FORWARDER_ARGS", "--to file://" + alertsFile);
        stack.run(START_TIMEOUT, "up").assertSucceeded("up");
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void upAgainStartsNothingNewAndStatusShowsEveryService() throws Exception {
        Set<Long> before = pids();

        Outcome again = stack.run(Duration.ofMinutes(2), "up").assertSucceeded("up");
        Outcome status = stack.run(Duration.ofMinutes(1), "status").assertSucceeded("status");

        assertThat(pids()).isEqualTo(before).hasSize(5);
        assertThat(again.output()).contains("already running");
        for (String service :
                List.of("kafka", "jobmanager", "taskmanager", "decoder", "forwarder")) {
            assertThat(status.output()).containsPattern(service + "\\s+running");
        }
    }

    @Test
    @Order(2)
    void aTakenPortStopsAServiceWithAMessageNamingIt() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStack blocked =
                    new LocalStack(
                                    LocalStack.repository(),
                                    stack.home().resolveSibling("blocked-home"),
                                    0)
                            .set("FLOWSENTRY_KAFKA_PORT", String.valueOf(squatter.getLocalPort()));

            Outcome outcome = blocked.run(Duration.ofMinutes(2), "start", "kafka");

            assertThat(outcome.exitCode()).isNotZero();
            assertThat(outcome.output())
                    .contains("port " + squatter.getLocalPort())
                    .contains("taken")
                    .contains("FLOWSENTRY_KAFKA_PORT");
            assertThat(blocked.processes()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void everyInjectedAttackRaisesAStartAlertForItsHostAndTheHeavyHittersNone() throws Exception {
        stack.run(Duration.ofMinutes(1), "scenario").assertSucceeded("scenario");
        Path parameters = stack.home().resolve("demo/job.properties");
        stack.run(Duration.ofMinutes(3), "submit", "--parameters", parameters.toString())
                .assertSucceeded("submit");

        String exporter = LocalStack.softflowdInstalled() ? "softflowd" : "netflow9";
        stack.run(Duration.ofMinutes(3), "replay", "--exporter", exporter)
                .assertSucceeded("replay");

        List<Label> labels = labels(stack.home().resolve("demo/labels.json"));
        List<Label> attacks =
                labels.stream().filter(label -> !label.type().equals("benign")).toList();
        assertThat(attacks).hasSize(6);
        await().atMost(ALERT_TIMEOUT)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () ->
                                assertThat(startAlerts())
                                        .containsAll(attacks.stream().map(Label::key).toList()));

        Set<String> benignHosts =
                labels.stream()
                        .filter(label -> label.type().equals("benign"))
                        .map(Label::host)
                        .collect(Collectors.toSet());
        assertThat(benignHosts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(alerts())
                .extracting(alert -> alert.path("alert").path("host").asText())
                .doesNotContainAnyElementsOf(benignHosts);
    }

    @Test
    @Order(4)
    void jobsAreListedAndCancelledWithASavepoint() throws Exception {
        Outcome jobs = stack.run(Duration.ofMinutes(1), "jobs").assertSucceeded("jobs");
        assertThat(jobs.output()).contains("RUNNING").contains("FlowSentry");

        Outcome cancel =
                stack.run(Duration.ofMinutes(5), "cancel", "--savepoint")
                        .assertSucceeded("cancel --savepoint");

        String location =
                cancel.output()
                        .lines()
                        .filter(line -> line.startsWith("file:"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "no savepoint location in:\n" + cancel.output()));
        assertThat(Path.of(location.replaceFirst("^file:", ""))).isDirectory();
        assertThat(
                        stack.run(Duration.ofMinutes(1), "jobs", "--running")
                                .assertSucceeded("jobs")
                                .output())
                .doesNotContain("RUNNING");
    }

    @Test
    @Order(5)
    void downStopsEveryProcessOfTheStack() throws Exception {
        stack.run(Duration.ofMinutes(3), "down").assertSucceeded("down");

        assertThat(stack.processes()).isEmpty();
        assertThat(stack.run(Duration.ofMinutes(1), "status").output()).doesNotContain("running");
    }

    /** One line of the scenario's ground truth. */
    private record Label(String type, String subtype, String host) {

        String key() {
            return type + "/" + subtype + " " + host;
        }
    }

    private static List<Label> labels(Path file) throws IOException {
        List<Label> labels = new ArrayList<>();
        for (JsonNode label : JSON.readTree(file.toFile())) {
            labels.add(
                    new Label(
                            label.path("type").asText(),
                            label.path("subtype").asText(),
                            label.path("host").asText()));
        }
        return labels;
    }

    private static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        if (Files.exists(alertsFile)) {
            for (String line : Files.readAllLines(alertsFile)) {
                if (!line.isBlank()) {
                    alerts.add(JSON.readTree(line));
                }
            }
        }
        return alerts;
    }

    /** The start alerts delivered so far, as "type/subtype host". */
    private static List<String> startAlerts() throws IOException {
        return alerts().stream()
                .map(document -> document.path("alert"))
                .filter(alert -> alert.path("state").asText().equals("start"))
                .map(
                        alert ->
                                alert.path("type").asText()
                                        + "/"
                                        + alert.path("subtype").asText()
                                        + " "
                                        + alert.path("host").asText())
                .toList();
    }

    private static Set<Long> pids() {
        return stack.processes().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
