package dev.flowsentry.detection.detect;

import static dev.flowsentry.detection.detect.DetectorHarness.windowStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.AlertType;
import dev.flowsentry.detection.Flows;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.features.InboundFeatures;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.detection.model.HostKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundDetectorTest {

    private static final String WEB_SERVER = "10.0.1.10";
    private static final String VICTIM = "10.0.1.20";
    private static final int WARMUP = 6;

    private DetectorHarness<InboundFeatures> detector;

    private DetectorHarness<InboundFeatures> detector(String... overrides) throws Exception {
        String[] defaults = {
            "--dos.packets.floor=100",
            "--dos.bytes.floor=50000",
            "--dos.flows.floor=20",
            "--dos.syn.floor=20",
            "--dos.udp.floor=100",
            "--dos.icmp.floor=30",
            "--baseline.warmup-windows=" + WARMUP,
            "--alert.end-after-quiet-windows=2",
            "--alert.update-interval=20s",
            "--alert.cooldown=30s",
            "--state.ttl=1h"
        };
        String[] arguments = new String[defaults.length + overrides.length];
        System.arraycopy(defaults, 0, arguments, 0, defaults.length);
        System.arraycopy(overrides, 0, arguments, defaults.length, overrides.length);
        DetectionSettings settings = Flows.settings(arguments);
        detector = new DetectorHarness<>(new InboundDetector(settings));
        return detector;
    }

    @AfterEach
    void close() throws Exception {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void synFloodStartsUpdatesAndEndsWithOneStableId() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 20; window++) {
            boolean flood = window >= 10 && window < 15;
            harness.feed(flood ? synFlood(VICTIM, window, 3000, 2800) : quiet(VICTIM, window));
            harness.closeWindow(window);
        }

        List<Alert> alerts = harness.alerts();
        assertThat(alerts)
                .extracting(Alert::state)
                .containsExactly(
                        AlertState.START, AlertState.UPDATE, AlertState.UPDATE, AlertState.END);
        Alert start = alerts.get(0);
        assertThat(start.kind()).isEqualTo(AlertKind.SYN_FLOOD);
        assertThat(start.type()).isEqualTo(AlertType.DOS);
        assertThat(start.host()).isEqualTo(VICTIM);
        assertThat(start.destinationIp()).isEqualTo(VICTIM);
        assertThat(start.start()).isEqualTo(Instant.ofEpochMilli(windowStart(10)));
        assertThat(start.observed()).isEqualTo(300);
        assertThat(start.threshold()).isEqualTo(20);
        assertThat((double) start.evidence().distinctSources()).isCloseTo(2800, within(140.0));
        assertThat(start.destinationPort()).isEqualTo(443);
        assertThat(alerts).extracting(Alert::id).containsOnly(start.id());
        assertThat(alerts).extracting(Alert::sequence).containsExactly(0, 1, 2, 3);
        assertThat(alerts.get(3).end()).isEqualTo(Instant.ofEpochMilli(windowStart(15)));
        assertThat(alerts.get(3).timestamp()).isEqualTo(Instant.ofEpochMilli(windowStart(17)));
    }

    @Test
    void busyWebServerAboveEveryFloorStaysSilentOnItsOwnBaseline() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 60; window++) {
            double wave = 1 + 0.25 * Math.sin(window / 6.0);
            harness.feed(webTraffic(WEB_SERVER, window, (long) (8_000 * wave)));
            harness.closeWindow(window);
        }
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void hostAlreadyBusyWhenFirstSeenSettlesDuringItsWarmup() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 40; window++) {
            harness.feed(webTraffic(WEB_SERVER, window, 100_000));
            harness.closeWindow(window);
        }
        assertThat(harness.alerts(AlertKind.VOLUMETRIC, AlertState.START)).hasSize(1);
        assertThat(harness.alerts(AlertKind.VOLUMETRIC, AlertState.END)).hasSize(1);
        assertThat(harness.alerts(AlertKind.VOLUMETRIC, AlertState.END).get(0).timestamp())
                .isBefore(Instant.ofEpochMilli(windowStart(WARMUP)));
    }

    @Test
    void attackWindowsAreNotLearnt() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 40; window++) {
            boolean flood = window >= 10 && window < 35;
            harness.feed(flood ? synFlood(VICTIM, window, 3000, 100) : quiet(VICTIM, window));
            harness.closeWindow(window);
        }
        List<Alert> updates = harness.alerts(AlertKind.SYN_FLOOD, AlertState.UPDATE);
        assertThat(updates).hasSizeGreaterThan(5);
        assertThat(updates.get(updates.size() - 1).baseline()).isLessThan(1);
        assertThat(harness.alerts(AlertKind.SYN_FLOOD, AlertState.END)).hasSize(1);
    }

    @Test
    void udpFloodIsTypedByItsTrafficMixNotAsVolumetric() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 16; window++) {
            InboundFeatures features = quiet(VICTIM, window);
            if (window >= 10) {
                features.udpPackets = 40_000;
                features.packets += 40_000;
                features.bytes += 20_000_000;
                features.flows += 400;
            }
            harness.feed(features);
            harness.closeWindow(window);
        }
        assertThat(harness.alerts()).extracting(Alert::kind).containsOnly(AlertKind.UDP_FLOOD);
        assertThat(harness.alerts(AlertKind.UDP_FLOOD, AlertState.START)).hasSize(1);
    }

    @Test
    void volumetricFloodOfOtherTrafficRaisesTheGenericKind() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 14; window++) {
            InboundFeatures features = quiet(VICTIM, window);
            if (window >= 10) {
                features.packets += 50_000;
                features.tcpPackets += 50_000;
            }
            harness.feed(features);
            harness.closeWindow(window);
        }
        assertThat(harness.alerts()).extracting(Alert::kind).containsOnly(AlertKind.VOLUMETRIC);
        assertThat(harness.alerts().get(0).metric()).isEqualTo("packets_per_second");
    }

    @Test
    void alertEndsOnTheTimerWhenTheVictimFallsSilent() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        for (int window = 0; window < 12; window++) {
            harness.feed(window >= 10 ? synFlood(VICTIM, window, 3000, 50) : quiet(VICTIM, window));
            harness.closeWindow(window);
        }
        assertThat(harness.alerts(AlertKind.SYN_FLOOD, AlertState.END)).isEmpty();

        harness.closeWindow(13);

        List<Alert> ends = harness.alerts(AlertKind.SYN_FLOOD, AlertState.END);
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).end()).isEqualTo(Instant.ofEpochMilli(windowStart(12)));
        assertThat(ends.get(0).timestamp()).isEqualTo(Instant.ofEpochMilli(windowStart(14)));
    }

    @Test
    void cooldownHoldsBackARestartRightAfterAnEnd() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector();
        int[] floods = {10, 13, 20};
        for (int window = 0; window < 24; window++) {
            boolean flood = window == floods[0] || window == floods[1] || window == floods[2];
            harness.feed(flood ? synFlood(VICTIM, window, 3000, 50) : quiet(VICTIM, window));
            harness.closeWindow(window);
        }
        assertThat(harness.alerts(AlertKind.SYN_FLOOD, AlertState.START))
                .extracting(Alert::start)
                .containsExactly(
                        Instant.ofEpochMilli(windowStart(10)),
                        Instant.ofEpochMilli(windowStart(20)));
    }

    @Test
    void allowListedHostsAreNeverReported() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector("--dos.allow=10.0.1.0/24");
        for (int window = 0; window < 16; window++) {
            harness.feed(window >= 10 ? synFlood(VICTIM, window, 3000, 50) : quiet(VICTIM, window));
            harness.closeWindow(window);
        }
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void newHostMustClearTheWarmupFloorAndAnEstablishedOneThePlainFloor() throws Exception {
        DetectorHarness<InboundFeatures> harness =
                detector("--dos.syn.warmup-factor=20", "--dos.flows.warmup-factor=20");
        harness.feed(synFlood(VICTIM, 0, 1000, 50));
        harness.closeWindow(0);
        assertThat(harness.alerts()).isEmpty();

        harness.feed(synFlood("10.0.1.99", 0, 5000, 50));
        harness.closeWindow(1);
        assertThat(harness.alerts(AlertKind.SYN_FLOOD, AlertState.START))
                .extracting(Alert::host)
                .containsExactly("10.0.1.99");
    }

    @Test
    void idleHostsLeaveNoStateBehindAfterTheTtl() throws Exception {
        DetectorHarness<InboundFeatures> harness = detector("--state.ttl=10min");
        harness.harness.setStateTtlProcessingTime(0);
        for (int host = 1; host <= 50; host++) {
            harness.feed(quiet("10.0.5." + host, 0));
        }
        harness.closeWindow(0);
        assertThat(harness.stateEntries()).isEqualTo(50);

        harness.harness.setStateTtlProcessingTime(10 * 60_000 + 1);
        for (int window = 1; window <= 40; window++) {
            harness.feed(quiet("10.0.6.1", window));
        }

        assertThat(harness.stateEntries()).isEqualTo(1);
    }

    static InboundFeatures quiet(String host, int window) {
        InboundFeatures features = stamped(host, window);
        features.packets = 300;
        features.tcpPackets = 300;
        features.bytes = 30_000;
        features.flows = 30;
        addSources(features, 12);
        features.topPorts.addPort(443, 300);
        return features;
    }

    static InboundFeatures synFlood(String host, int window, long synFlows, int sources) {
        InboundFeatures features = quiet(host, window);
        features.synOnlyFlows += synFlows;
        features.flows += synFlows;
        features.packets += synFlows;
        features.tcpPackets += synFlows;
        features.bytes += synFlows * 60;
        features.topPorts.addPort(443, synFlows);
        features.sources = new dev.flowsentry.detection.features.DistinctCounter();
        addSources(features, sources);
        return features;
    }

    static InboundFeatures webTraffic(String host, int window, long packets) {
        InboundFeatures features = stamped(host, window);
        features.packets = packets;
        features.tcpPackets = packets;
        features.bytes = packets * 90;
        features.flows = packets / 9;
        features.synOnlyFlows = packets / 450;
        addSources(features, 600);
        features.topPorts.addPort(443, packets);
        return features;
    }

    private static void addSources(InboundFeatures features, int count) {
        for (int i = 0; i < count; i++) {
            long low = HostAddress.ipv4Low(0x0B00_0000 + i);
            features.sources.add(HostAddress.hash(0, low));
            features.topSources.add(0, low, 1);
        }
    }

    private static InboundFeatures stamped(String host, int window) {
        HostKey key = Flows.host(host);
        InboundFeatures features = new InboundFeatures();
        features.stamp(key.high, key.low, windowStart(window), windowStart(window + 1));
        return features;
    }
}
