package dev.flowsentry.traffic.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.flow.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledScenarioTest {

    private static final LabelledScenario DEMO = LabelledScenario.builder().seed(7).build();

    @Test
    void sameSeedAndScaleGiveTheSameFlows() {
        Iterator<FlowRecord> first = DEMO.flows();
        Iterator<FlowRecord> second = LabelledScenario.builder().seed(7).build().flows();
        for (int i = 0; i < 20_000; i++) {
            assertThat(second.next()).isEqualTo(first.next());
        }
    }

    @Test
    void anotherSeedGivesOtherFlows() {
        FlowRecord first = DEMO.flows().next();
        FlowRecord other = LabelledScenario.builder().seed(8).build().flows().next();
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void flowsComeInEventTimeOrderWithinTheScenario() {
        long[] previousEndMs = {Long.MIN_VALUE};
        long startMs = DEMO.start().toEpochMilli();
        long endMs = DEMO.end().toEpochMilli();
        DEMO.forEachFlow(
                record -> {
                    assertThat(record.flowEndMs()).isGreaterThanOrEqualTo(previousEndMs[0]);
                    assertThat(record.flowEndMs()).isBetween(startMs, endMs);
                    assertThat(record.flowStartMs()).isLessThanOrEqualTo(record.flowEndMs());
                    previousEndMs[0] = record.flowEndMs();
                });
    }

    @Test
    void everyAttackStartsAfterTheWarmupAndEndsBeforeTheTail() {
        Instant firstAttack = DEMO.start().plus(DEMO.warmup());
        assertThat(DEMO.attacks())
                .extracting(label -> label.type() + "/" + label.subtype())
                .containsExactly(
                        "dos/syn_flood",
                        "dos/udp_flood",
                        "dos/icmp_flood",
                        "scan/horizontal",
                        "scan/vertical",
                        "exfiltration/volume");
        for (ScenarioLabel attack : DEMO.attacks()) {
            assertThat(attack.start()).isAfterOrEqualTo(firstAttack);
            assertThat(attack.end()).isBefore(DEMO.end().minus(Duration.ofMinutes(1)));
        }
        assertThat(DEMO.benignHeavyHitters())
                .extracting(ScenarioLabel::subtype)
                .containsExactly("web_server", "dns_resolver", "backup_upload");
    }

    @Test
    void synFloodComesFromManySpoofedSourcesOnlyDuringItsLabel() {
        ScenarioLabel flood = label("syn_flood");
        IpAddress victim = IpAddress.parse(flood.host());
        Set<IpAddress> sources = new HashSet<>();
        long[] synOnlyOutside = {0};
        DEMO.forEachFlow(
                record -> {
                    if (!record.dstAddr().equals(victim) || record.tcpFlags() != 0x02) {
                        return;
                    }
                    if (inside(flood, record)) {
                        sources.add(record.srcAddr());
                    } else {
                        synOnlyOutside[0]++;
                    }
                });
        assertThat(sources).hasSizeGreaterThan(10_000);
        assertThat(synOnlyOutside[0]).isZero();
    }

    @Test
    void horizontalScanSweepsTheWholeSlash24OnOnePortMostlyUnanswered() {
        ScenarioLabel scan = label("horizontal");
        IpAddress scanner = IpAddress.parse(scan.host());
        Set<IpAddress> targets = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        long[] answers = {0};
        DEMO.forEachFlow(
                record -> {
                    if (record.srcAddr().equals(scanner)) {
                        targets.add(record.dstAddr());
                        ports.add(record.dstPort());
                        assertThat(inside(scan, record)).isTrue();
                    } else if (record.dstAddr().equals(scanner)) {
                        answers[0]++;
                    }
                });
        assertThat(targets).hasSize(254);
        assertThat(ports).containsExactly(22);
        assertThat(answers[0]).isBetween(1L, 254L / 4);
    }

    @Test
    void verticalScanProbesEveryPortFromOneToOneThousandTwentyFour() {
        ScenarioLabel scan = label("vertical");
        IpAddress scanner = IpAddress.parse(scan.host());
        Set<Integer> ports = new HashSet<>();
        DEMO.forEachFlow(
                record -> {
                    if (record.srcAddr().equals(scanner)) {
                        ports.add(record.dstPort());
                        assertThat(record.dstAddr().toString()).isEqualTo(scan.peer());
                    }
                });
        assertThat(ports).hasSize(1024).contains(1, 1024);
    }

    @Test
    void exfiltrationUploadsFarMoreThanTheHostUsuallySends() {
        ScenarioLabel exfiltration = label("volume");
        IpAddress host = IpAddress.parse(exfiltration.host());
        long[] bytes = new long[2];
        DEMO.forEachFlow(
                record -> {
                    if (record.srcAddr().equals(host)) {
                        bytes[inside(exfiltration, record) ? 1 : 0] += record.scaledBytes();
                    }
                });
        long quietSeconds = DEMO.duration().toSeconds() - 60;
        assertThat(bytes[1] / 60).isGreaterThan(100 * (bytes[0] / quietSeconds));
    }

    @Test
    void scaleMultipliesTheVolumeButNotTheScans() {
        long demo = count(LabelledScenario.builder().seed(7).scale(0.5).build());
        long doubled = count(LabelledScenario.builder().seed(7).scale(1).build());
        assertThat((double) doubled / demo).isBetween(1.8, 2.2);
        assertThat(LabelledScenario.builder().scale(2).build().detectionParameters())
                .containsEntry("dos.syn.floor", "40")
                .containsEntry("scan.horizontal.floor", "20")
                .containsEntry("internal-networks", "10.0.0.0/8");
    }

    @Test
    void demoScaleStaysSmallEnoughForAPcap() {
        long[] totals = new long[2];
        DEMO.forEachFlow(
                record -> {
                    totals[0]++;
                    totals[1] += record.packets();
                });
        assertThat(totals[0]).isBetween(50_000L, 400_000L);
        System.out.println("demo scale: " + totals[0] + " flows, " + totals[1] + " packets");
        assertThat(totals[1]).isBetween(200_000L, 900_000L);
    }

    @Test
    void builderRejectsAnAbsurdScale() {
        assertThatThrownBy(() -> LabelledScenario.builder().scale(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale");
    }

    @Test
    void mainWritesFlowsAsJsonLinesAndLabelsAsJson(@TempDir Path directory) throws Exception {
        Path flows = directory.resolve("flows.jsonl");
        Path labels = directory.resolve("labels.json");
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        ScenarioMain.run(
                new String[] {
                    "--flows", flows.toString(), "--labels", labels.toString(), "--scale", "0.2"
                },
                new PrintStream(report, true, StandardCharsets.UTF_8));

        List<String> lines = Files.readAllLines(flows);
        FlowRecordJson json = new FlowRecordJson();
        assertThat(json.parse(lines.get(0).getBytes(StandardCharsets.UTF_8)).version())
                .isEqualTo(10);
        assertThat(Files.readString(labels))
                .startsWith("[")
                .contains("\"subtype\":\"syn_flood\"", "\"host\":\"10.0.1.20\"");
        assertThat(report.toString(StandardCharsets.UTF_8))
                .contains("wrote " + lines.size() + " flows", "--dos.syn.floor 4");
    }

    private static long count(LabelledScenario scenario) {
        List<FlowRecord> sample = new ArrayList<>();
        long[] count = {0};
        scenario.forEachFlow(
                record -> {
                    if (count[0]++ < 1) {
                        sample.add(record);
                    }
                });
        return count[0];
    }

    private static ScenarioLabel label(String subtype) {
        return DEMO.labels().stream()
                .filter(label -> label.subtype().equals(subtype))
                .findFirst()
                .orElseThrow();
    }

    private static boolean inside(ScenarioLabel label, FlowRecord record) {
        return record.flowEndMs() >= label.start().toEpochMilli()
                && record.flowEndMs() < label.end().toEpochMilli();
    }
}
