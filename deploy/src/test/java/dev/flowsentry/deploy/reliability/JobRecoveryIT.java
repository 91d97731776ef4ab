package dev.flowsentry.deploy.reliability;

import static dev.flowsentry.deploy.reliability.BaselineScenario.FLOOD_VICTIM;
import static dev.flowsentry.deploy.reliability.BaselineScenario.LARGE_FLOOD_END;
import static dev.flowsentry.deploy.reliability.BaselineScenario.LARGE_FLOOD_START;
import static dev.flowsentry.deploy.reliability.BaselineScenario.MODERATE_FLOOD_START;
import static dev.flowsentry.deploy.reliability.BaselineScenario.WARM_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowsentry.deploy.e2e.LocalStack;
import dev.flowsentry.deploy.reliability.BaselineScenario.PartitionedFlow;
import dev.flowsentry.deploy.reliability.CommittedAlerts.DeliveredAlert;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The detection job's state under faults, on the real local stack ({@code deploy/flowsentry}: a
 * KRaft broker and a Flink session cluster from Maven artifacts, the job submitted over REST):
 *
 * <ul>
 *   <li>a TaskManager killed with SIGKILL mid-stream: the job restores from its last checkpoint and
 *       a {@code read_committed} consumer sees exactly the alerts of an undisturbed run of the same
 *       flows, each once;
 *   <li>a job stopped with a savepoint and started again from it with upgraded parameters keeps its
 *       baselines (an attack right after the restart is detected, which a fresh job in its warm-up
 *       does not detect) and repeats no alert.
 * </ul>
 *
 * <p>Each test prints its figures on lines starting with {@code RELIABILITY}. Ports: {@code
 * flowsentry.reliability.port.base} (default 29200) plus the usual last digits; state directory
 * {@code deploy/target/reliability-home} (kept after a failure, for its logs).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobRecoveryIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int PARTITIONS = 2;
    private static final String CHECKPOINT_INTERVAL = "5s";
    private static final String FAILOVER_FLOWS = "flows-failover";
    private static final String REFERENCE_ALERTS = "alerts-reference";
    private static final String FAILOVER_ALERTS = "alerts-failover";
    private static final String UPGRADE_FLOWS = "flows-upgrade";
    private static final String UPGRADE_ALERTS = "alerts-upgrade";
    private static final String CONTROL_ALERTS = "alerts-control";
    private static final Duration UPGRADE_AT = Duration.ofSeconds(150);

    /** The upgrade: another update interval, and a threshold setting that changes no outcome. */
    private static final String[] UPGRADED = {
        "--alert.update-interval", "20s", "--dos.syn.sigma", "5"
    };

    private static LocalStack stack;
    private static FlinkJobs jobs;
    private static KafkaAdmin kafka;

    @BeforeAll
    static void startBrokerAndCluster() throws Exception {
        Path home =
                Path.of(
                                System.getProperty(
                                        "flowsentry.reliability.home", "target/reliability-home"))
                        .toAbsolutePath();
        int portBase =
                LocalStack.portBase(
                        "FLOWSENTRY_RELIABILITY_PORT_BASE",
                        "flowsentry.reliability.port.base",
                        29200);
        stack = new LocalStack(LocalStack.repository(), home, portBase).fresh();
        stack.run(START_TIMEOUT, "start", "kafka", "flink").assertSucceeded("start kafka flink");
        jobs = new FlinkJobs(stack);
        kafka = new KafkaAdmin(stack.bootstrapServers());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void aTaskManagerKilledMidStreamRestoresFromItsCheckpointAndDeliversEachAlertOnce()
            throws Exception {
        LabelledScenario scenario = scenarioEndingNow();
        createTopics(FAILOVER_FLOWS, REFERENCE_ALERTS, FAILOVER_ALERTS);
        Path parameters = parameters("failover.properties", scenario.detectionParameters());
        String reference = submit(parameters, FAILOVER_FLOWS, REFERENCE_ALERTS, "reference");
        stack.run(START_TIMEOUT, "start", "taskmanager-2").assertSucceeded("start taskmanager-2");
        String victim = submit(parameters, FAILOVER_FLOWS, FAILOVER_ALERTS, "failover");
        try {
            Failover failover = killTheTaskManagerMidStream(scenario, victim);
            awaitEverythingConsumedAndCommitted(
                    FAILOVER_FLOWS, Map.of(reference, "reference", victim, "failover"));
            List<DeliveredAlert> expected = committed(REFERENCE_ALERTS);
            List<DeliveredAlert> seen = committed(FAILOVER_ALERTS);
            JsonNode restored = jobs.lastRestored(victim).orElseThrow();
            report(failover, expected, seen, restored);

            assertThat(restored.path("is_savepoint").asBoolean()).isFalse();
            assertThat(jobs.restores(reference)).as("the reference run was undisturbed").isZero();
            assertThat(CommittedAlerts.started(expected))
                    .as("the undisturbed run detects every attack")
                    .containsAll(attackKeys(scenario));
            assertThat(CommittedAlerts.duplicateEventIds(expected)).isEmpty();
            assertThat(CommittedAlerts.duplicateEventIds(seen)).isEmpty();
            assertThat(byEventId(seen)).isEqualTo(byEventId(expected));
        } finally {
            jobs.cancelQuietly(reference, victim);
        }
    }

    @Test
    @Order(2)
    void aJobUpgradedFromASavepointKeepsItsBaselinesAndRepeatsNoAlert() throws Exception {
        stack.run(START_TIMEOUT, "start", "taskmanager-2").assertSucceeded("start taskmanager-2");
        BaselineScenario scenario =
                new BaselineScenario(
                        Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600));
        createTopics(UPGRADE_FLOWS, UPGRADE_ALERTS, CONTROL_ALERTS);
        List<String> started = new ArrayList<>();
        try {
            Upgrade upgrade = upgradeThroughASavepoint(scenario, started);
            List<DeliveredAlert> both = committed(UPGRADE_ALERTS);
            List<DeliveredAlert> fresh = committed(CONTROL_ALERTS);
            List<DeliveredAlert> flood = incidentOf(both, FLOOD_VICTIM);
            report(scenario, upgrade, both, fresh, flood);

            JsonNode restored = jobs.lastRestored(upgrade.upgradedJob()).orElseThrow();
            assertThat(restored.path("is_savepoint").asBoolean()).isTrue();
            assertThat(restored.path("external_path").asText()).isEqualTo(upgrade.savepoint());
            assertThat(CommittedAlerts.started(upgrade.beforeUpgrade()))
                    .containsExactly(synFlood(FLOOD_VICTIM));
            assertBaselinesSurvived(scenario, both, fresh);
            assertThat(CommittedAlerts.duplicateEventIds(both)).isEmpty();
            assertTheFloodWentOnAsOneIncident(scenario, flood);
        } finally {
            jobs.cancelQuietly(started.toArray(String[]::new));
        }
    }

    /** What the TaskManager test did. */
    private record Failover(
            long flowsSent, long flowsBeforeKill, int alertsBeforeKill, Duration recovery) {}

    /**
     * Produces the scenario while the job under test runs; once it has completed a checkpoint and
     * committed an alert, kills its TaskManager and starts it again; waits until the job restored
     * and every task runs, and until every flow is sent.
     */
    private static Failover killTheTaskManagerMidStream(LabelledScenario scenario, String victim)
            throws Exception {
        try (FlowsProducer producer = new FlowsProducer(stack.bootstrapServers())) {
            CompletableFuture<Long> production =
                    produceInBackground(producer, FAILOVER_FLOWS, scenario);
            await().atMost(ALERT_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () ->
                                    jobs.completedCheckpoints(victim) >= 1
                                            && !committed(FAILOVER_ALERTS).isEmpty());
            assertThat(production).as("flows still arriving at the kill").isNotDone();
            int alertsBeforeKill = committed(FAILOVER_ALERTS).size();
            long flowsBeforeKill = producer.sent();

            Instant killed = Instant.now();
            stack.run(Duration.ofMinutes(1), "kill", "taskmanager-2").assertSucceeded("kill");
            stack.run(START_TIMEOUT, "start", "taskmanager-2").assertSucceeded("start again");
            await().atMost(ALERT_TIMEOUT)
                    .pollInterval(POLL)
                    .until(() -> jobs.restores(victim) >= 1 && jobs.runsEveryTask(victim));
            Duration recovery = Duration.between(killed, Instant.now());
            long sent = production.get(5, TimeUnit.MINUTES);
            return new Failover(sent, flowsBeforeKill, alertsBeforeKill, recovery);
        }
    }

    private static void report(
            Failover failover,
            List<DeliveredAlert> expected,
            List<DeliveredAlert> seen,
            JsonNode restored)
            throws Exception {
        long consumed = kafka.committed("failover", FAILOVER_FLOWS);
        int distinct = CommittedAlerts.eventIds(seen).size();
        report(
                "taskmanager-failover",
                "flows sent=%d landed=%d consumed-by-failed-over-job=%d lost=%d; sent before the"
                        + " kill=%d; alerts expected=%d seen=%d distinct=%d duplicated=%d"
                        + " missing=%d extra=%d; committed before the kill=%d; restored checkpoint"
                        + " %s (savepoint %s); kill to all tasks running again %d s",
                failover.flowsSent(),
                kafka.records(FAILOVER_FLOWS),
                consumed,
                failover.flowsSent() - consumed,
                failover.flowsBeforeKill(),
                expected.size(),
                seen.size(),
                distinct,
                seen.size() - distinct,
                difference(expected, seen).size(),
                difference(seen, expected).size(),
                failover.alertsBeforeKill(),
                restored.path("id").asText(),
                restored.path("is_savepoint").asText(),
                failover.recovery().toSeconds());
    }

    /** What the savepoint test did. */
    private record Upgrade(
            long flowsSent,
            List<DeliveredAlert> beforeUpgrade,
            String savepoint,
            String upgradedJob) {}

    /**
     * Run 1 on the first 150 s until it alerted the large flood and consumed everything; a stop
     * with a savepoint; run 2 from it with upgraded parameters and, beside it, a fresh control job
     * from 150 s on; the rest of the flows; then waits until both ended the large flood's incident
     * and committed everything. The ids of the jobs started go to {@code started}.
     */
    private static Upgrade upgradeThroughASavepoint(BaselineScenario scenario, List<String> started)
            throws Exception {
        Path parameters = parameters("upgrade.properties", upgradeSettings());
        try (FlowsProducer producer = new FlowsProducer(stack.bootstrapServers())) {
            long sent = produce(producer, scenario.flows(Duration.ZERO, UPGRADE_AT));
            String first = submit(parameters, UPGRADE_FLOWS, UPGRADE_ALERTS, "upgrade");
            started.add(first);
            await().atMost(ALERT_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () ->
                                    CommittedAlerts.started(committed(UPGRADE_ALERTS))
                                                    .contains(synFlood(FLOOD_VICTIM))
                                            && kafka.consumedEverything("upgrade", UPGRADE_FLOWS));
            List<DeliveredAlert> beforeUpgrade = committed(UPGRADE_ALERTS);
            String savepoint = jobs.stopWithSavepoint(first);

            String upgraded =
                    jobs.submit(
                            parameters,
                            Optional.of(savepoint),
                            jobArguments(UPGRADE_FLOWS, UPGRADE_ALERTS, "upgrade", UPGRADED));
            started.add(upgraded);
            String control =
                    jobs.submit(
                            parameters,
                            Optional.empty(),
                            jobArguments(
                                    UPGRADE_FLOWS,
                                    CONTROL_ALERTS,
                                    "control",
                                    "--starting-offsets",
                                    Long.toString(scenario.at(UPGRADE_AT).toEpochMilli())));
            started.add(control);
            sent += produce(producer, scenario.flows(UPGRADE_AT, BaselineScenario.END));
            await().atMost(ALERT_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () ->
                                    ended(committed(UPGRADE_ALERTS), FLOOD_VICTIM)
                                            && ended(committed(CONTROL_ALERTS), FLOOD_VICTIM));
            awaitEverythingConsumedAndCommitted(
                    UPGRADE_FLOWS, Map.of(upgraded, "upgrade", control, "control"));
            return new Upgrade(sent, beforeUpgrade, savepoint, upgraded);
        }
    }

    private static Map<String, String> upgradeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("internal-networks", "10.0.0.0/8");
        settings.put("window", "10s");
        settings.put("dos.syn.floor", Integer.toString(BaselineScenario.SYN_FLOOR));
        settings.put("alert.update-interval", "60s");
        return settings;
    }

    /**
     * The upgraded job alerts the moderate flood in its first window; the fresh job, warming up,
     * misses it and reports the ongoing large flood as a new incident.
     */
    private static void assertBaselinesSurvived(
            BaselineScenario scenario, List<DeliveredAlert> both, List<DeliveredAlert> fresh) {
        assertThat(startOf(both, WARM_HOST))
                .as("the upgraded job knows the host's baseline: it alerts at once")
                .hasValueSatisfying(
                        alert ->
                                assertThat(alert.windowStart())
                                        .isEqualTo(scenario.at(MODERATE_FLOOD_START)));
        assertThat(fresh)
                .as("a fresh job, still warming up, misses the same attack")
                .noneMatch(alert -> alert.host().equals(WARM_HOST.toString()));
        assertThat(CommittedAlerts.started(fresh))
                .as("and reports the ongoing flood as new")
                .containsExactly(synFlood(FLOOD_VICTIM));
    }

    /** One incident: started before the upgrade, updated every 20 s (the new interval), ended. */
    private static void assertTheFloodWentOnAsOneIncident(
            BaselineScenario scenario, List<DeliveredAlert> flood) {
        assertThat(flood)
                .extracting(DeliveredAlert::sequence)
                .containsExactlyElementsOf(sequence(flood.size()));
        assertThat(flood)
                .extracting(DeliveredAlert::state, DeliveredAlert::windowEnd)
                .containsExactly(
                        tuple("start", scenario.at(LARGE_FLOOD_START.plusSeconds(10))),
                        tuple("update", scenario.at(LARGE_FLOOD_START.plusSeconds(30))),
                        tuple("update", scenario.at(LARGE_FLOOD_START.plusSeconds(50))),
                        tuple("end", scenario.at(LARGE_FLOOD_END.plusSeconds(30))));
        assertThat(flood.get(0).windowStart()).isEqualTo(scenario.at(LARGE_FLOOD_START));
    }

    private static void report(
            BaselineScenario scenario,
            Upgrade upgrade,
            List<DeliveredAlert> both,
            List<DeliveredAlert> fresh,
            List<DeliveredAlert> flood)
            throws Exception {
        report(
                "savepoint-upgrade",
                "flows sent=%d landed=%d; alerts before the upgrade=%d, after=%d,"
                        + " duplicated=%d; ongoing incident messages %s; the upgraded job"
                        + " alerted %s (window from %s, the attack began at %s); a fresh job"
                        + " alerted %s",
                upgrade.flowsSent(),
                kafka.records(UPGRADE_FLOWS),
                upgrade.beforeUpgrade().size(),
                both.size() - upgrade.beforeUpgrade().size(),
                CommittedAlerts.duplicateEventIds(both).size(),
                flood.stream().map(DeliveredAlert::state).toList(),
                CommittedAlerts.started(both),
                startOf(both, WARM_HOST).map(DeliveredAlert::windowStart).orElse(null),
                scenario.at(MODERATE_FLOOD_START),
                CommittedAlerts.started(fresh));
    }

    private static LabelledScenario scenarioEndingNow() {
        LabelledScenario.Builder builder =
                LabelledScenario.builder().seed(42).scale(1).warmup(Duration.ofSeconds(150));
        Duration duration = builder.build().duration();
        return builder.start(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(duration)).build();
    }

    /** Produces the scenario at 8x its event time, so that the kill lands mid-stream. */
    private static CompletableFuture<Long> produceInBackground(
            FlowsProducer producer, String topic, LabelledScenario scenario) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return producer.sendPaced(topic, scenario.flows(), scenario.start(), 8);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                });
    }

    private static long produce(FlowsProducer producer, List<PartitionedFlow> flows) {
        for (PartitionedFlow flow : flows) {
            producer.send(UPGRADE_FLOWS, flow.partition(), flow.flow());
        }
        producer.flush();
        return flows.size();
    }

    private static void createTopics(String flows, String... alerts) throws Exception {
        kafka.createTopic(flows, PARTITIONS, KafkaAdmin.FLOWS_TOPIC_SETTINGS);
        for (String topic : alerts) {
            kafka.createTopic(topic, PARTITIONS, Map.of());
        }
    }

    private static Path parameters(String name, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder("# Written by JobRecoveryIT.\n");
        settings.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        text.append("checkpoint-interval = ").append(CHECKPOINT_INTERVAL).append('\n');
        Path file = stack.home().resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Submits a job of its own: its alerts topic, consumer group and transactional ids. */
    private static String submit(Path parameters, String flows, String alerts, String name)
            throws IOException, InterruptedException {
        return jobs.submit(parameters, Optional.empty(), jobArguments(flows, alerts, name));
    }

    private static String[] jobArguments(String flows, String alerts, String name, String... more) {
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--flows-topic",
                                flows,
                                "--alerts-topic",
                                alerts,
                                "--group-id",
                                name,
                                "--transactional-id-prefix",
                                name));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    /**
     * Waits until every job's consumer group committed the end of the flows topic, then until each
     * job completed two more checkpoints, so that the alerts of every window the flows closed are
     * committed.
     */
    private static void awaitEverythingConsumedAndCommitted(
            String flows, Map<String, String> groupOfJob) throws Exception {
        await().atMost(ALERT_TIMEOUT)
                .pollInterval(POLL)
                .until(
                        () -> {
                            for (String group : groupOfJob.values()) {
                                if (!kafka.consumedEverything(group, flows)) {
                                    return false;
                                }
                            }
                            return true;
                        });
        Map<String, Long> checkpoints = new LinkedHashMap<>();
        for (String job : groupOfJob.keySet()) {
            checkpoints.put(job, jobs.completedCheckpoints(job));
        }
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(POLL)
                .until(
                        () -> {
                            for (Map.Entry<String, Long> job : checkpoints.entrySet()) {
                                if (jobs.completedCheckpoints(job.getKey()) < job.getValue() + 2) {
                                    return false;
                                }
                            }
                            return true;
                        });
    }

    private static List<DeliveredAlert> committed(String topic) {
        return CommittedAlerts.read(stack.bootstrapServers(), topic);
    }

    private static List<String> attackKeys(LabelledScenario scenario) {
        return scenario.attacks().stream()
                .map(label -> label.type() + "/" + label.subtype() + " " + label.host())
                .toList();
    }

    /** What identifies an alert's content: its state, kind, host, window and observed value. */
    private static Map<String, String> byEventId(List<DeliveredAlert> alerts) {
        return alerts.stream()
                .collect(
                        Collectors.toMap(
                                DeliveredAlert::eventId,
                                alert ->
                                        alert.state()
                                                + " "
                                                + alert.kindAndHost()
                                                + " "
                                                + alert.windowEnd()
                                                + " "
                                                + alert.observed(),
                                (left, right) -> left,
                                TreeMap::new));
    }

    private static List<String> difference(List<DeliveredAlert> left, List<DeliveredAlert> right) {
        var rightIds = CommittedAlerts.eventIds(right);
        return CommittedAlerts.eventIds(left).stream()
                .filter(id -> !rightIds.contains(id))
                .toList();
    }

    private static String synFlood(IpAddress host) {
        return "dos/syn_flood " + host;
    }

    private static boolean ended(List<DeliveredAlert> alerts, IpAddress host) {
        return alerts.stream()
                .anyMatch(
                        alert ->
                                alert.host().equals(host.toString())
                                        && alert.state().equals("end"));
    }

    private static Optional<DeliveredAlert> startOf(List<DeliveredAlert> alerts, IpAddress host) {
        return alerts.stream()
                .filter(alert -> alert.host().equals(host.toString()))
                .filter(alert -> alert.state().equals("start"))
                .findFirst();
    }

    /** The messages of the incident on {@code host}, in sequence order. */
    private static List<DeliveredAlert> incidentOf(List<DeliveredAlert> alerts, IpAddress host) {
        Map<String, List<DeliveredAlert>> incidents =
                alerts.stream()
                        .filter(alert -> alert.host().equals(host.toString()))
                        .collect(Collectors.groupingBy(DeliveredAlert::incidentId));
        assertThat(incidents).as("incidents on " + host).hasSize(1);
        List<DeliveredAlert> messages = new ArrayList<>(incidents.values().iterator().next());
        messages.sort(Comparator.comparingInt(DeliveredAlert::sequence));
        return messages;
    }

    private static List<Integer> sequence(int length) {
        List<Integer> numbers = new ArrayList<>();
        for (int number = 0; number < length; number++) {
            numbers.add(number);
        }
        return numbers;
    }

    private static void report(String test, String format, Object... values) {
        System.out.println("RELIABILITY " + test + ": " + String.format(format, values));
    }
}
