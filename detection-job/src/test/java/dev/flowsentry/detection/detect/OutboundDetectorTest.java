package dev.flowsentry.detection.detect;

import static dev.flowsentry.detection.Flows.flow;
import static dev.flowsentry.detection.Flows.tcp;
import static dev.flowsentry.detection.Flows.udp;
import static dev.flowsentry.detection.detect.DetectorHarness.windowStart;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.AlertType;
import dev.flowsentry.detection.Flows;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.features.OutboundAggregate;
import dev.flowsentry.detection.features.OutboundFeatures;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundDetectorTest {

    private static final String SCANNER = "203.0.113.66";
    private static final String WORKSTATION = "10.0.3.15";
    private static final String BACKUP_HOST = "10.0.3.20";
    private static final String EXTERNAL_PEER = "203.0.113.200";

    private DetectorHarness<OutboundFeatures> detector;
    private DetectionSettings settings;

    private DetectorHarness<OutboundFeatures> detector(String... overrides) throws Exception {
        String[] defaults = {
            "--internal-networks=10.0.0.0/8", "--scan.horizontal.floor=20",
            "--scan.vertical.floor=20", "--exfiltration.floor=100000",
            "--baseline.warmup-windows=6", "--alert.end-after-quiet-windows=2",
            "--alert.update-interval=20s", "--alert.cooldown=30s"
        };
        String[] arguments = new String[defaults.length + overrides.length];
        System.arraycopy(defaults, 0, arguments, 0, defaults.length);
        System.arraycopy(overrides, 0, arguments, defaults.length, overrides.length);
        settings = Flows.settings(arguments);
        detector = new DetectorHarness<>(new OutboundDetector(settings));
        return detector;
    }

    @AfterEach
    void close() throws Exception {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void horizontalScanFromANewHostAlertsAtOnceAndEndsWhenItStops() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        for (int window = 0; window < 4; window++) {
            harness.feed(sweep(SCANNER, window, 22, 60 * window + 1, 60));
            harness.closeWindow(window);
        }
        harness.closeWindow(6);

        List<Alert> alerts = harness.alerts();
        assertThat(alerts)
                .extracting(Alert::state)
                .containsExactly(AlertState.START, AlertState.UPDATE, AlertState.END);
        Alert start = alerts.get(0);
        assertThat(start.kind()).isEqualTo(AlertKind.HORIZONTAL_SCAN);
        assertThat(start.type()).isEqualTo(AlertType.SCAN);
        assertThat(start.host()).isEqualTo(SCANNER);
        assertThat(start.sourceIp()).isEqualTo(SCANNER);
        assertThat(start.destinationPort()).isEqualTo(22);
        assertThat(start.protocol()).isEqualTo(6);
        assertThat(start.evidence().failedShare()).isEqualTo(1.0);
        assertThat(start.evidence().distinctDestinations()).isEqualTo(60);
        assertThat(start.start()).isEqualTo(Instant.ofEpochMilli(windowStart(0)));
    }

    @Test
    void verticalScanNamesTheTargetHost() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        OutboundFeatures features = empty(SCANNER, 0);
        for (int port = 1; port <= 170; port++) {
            add(features, tcp(SCANNER, "10.0.1.50", port, port % 50 == 0 ? 0x1B : 0x02, 1));
        }
        harness.feed(features);
        harness.closeWindow(0);

        List<Alert> starts = harness.alerts(AlertKind.VERTICAL_SCAN, AlertState.START);
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0).destinationIp()).isEqualTo("10.0.1.50");
        assertThat(starts.get(0).observed()).isEqualTo(167 + 0.2 * 3);
        assertThat(harness.alerts(AlertKind.HORIZONTAL_SCAN, AlertState.START)).isEmpty();
    }

    @Test
    void aUdpFloodToRandomPortsIsNoVerticalScanWhileSampledOnePacketProbesAre() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        String flooder = "198.51.100.77";
        OutboundFeatures flood = empty(flooder, 0);
        for (int port = 1; port <= 2400; port++) {
            add(flood, udp(flooder, "10.0.1.30", port, 10, 1));
        }
        OutboundFeatures probes = empty(SCANNER, 0);
        for (int port = 1; port <= 90; port++) {
            add(probes, udp(SCANNER, "10.0.1.50", port, 1, 1000));
        }
        harness.feed(flood);
        harness.feed(probes);
        harness.closeWindow(0);

        assertThat(harness.alerts(AlertKind.VERTICAL_SCAN, AlertState.START))
                .extracting(Alert::host)
                .containsExactly(SCANNER);
        assertThat(harness.alerts(AlertKind.VERTICAL_SCAN, AlertState.START).get(0).observed())
                .isEqualTo(90);
    }

    @Test
    void answeredConnectionsToManyServersAreNoScan() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        for (int window = 0; window < 10; window++) {
            OutboundFeatures features = empty("10.0.4.7", window);
            for (int server = 1; server <= 80; server++) {
                add(features, tcp("10.0.4.7", "198.51.100." + server, 443, 0x1B, 12));
            }
            harness.feed(features);
            harness.closeWindow(window);
        }
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void knownScannersOnTheAllowListAreNeverReported() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector("--scan.allow=203.0.113.0/24");
        harness.feed(sweep(SCANNER, 0, 22, 1, 100));
        harness.closeWindow(0);
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void exfiltrationFromAQuietWorkstationNamesThePeer() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        for (int window = 0; window < 20; window++) {
            long bytes = window >= 12 && window < 16 ? 8_000_000 : 20_000;
            harness.feed(upload(WORKSTATION, EXTERNAL_PEER, window, bytes));
            harness.closeWindow(window);
        }
        List<Alert> alerts = harness.alerts();
        assertThat(alerts).extracting(Alert::kind).containsOnly(AlertKind.EXFILTRATION_VOLUME);
        assertThat(alerts)
                .extracting(Alert::state)
                .containsExactly(AlertState.START, AlertState.UPDATE, AlertState.END);
        Alert start = alerts.get(0);
        assertThat(start.host()).isEqualTo(WORKSTATION);
        assertThat(start.sourceIp()).isEqualTo(WORKSTATION);
        assertThat(start.destinationIp()).isEqualTo(EXTERNAL_PEER);
        assertThat(start.observed()).isEqualTo(800_000);
        assertThat(start.baseline()).isEqualTo(2_000);
        assertThat(start.evidence().topDestinations().get(0).key()).isEqualTo(EXTERNAL_PEER);
    }

    @Test
    void steadyBackupUploadAboveTheFloorStaysSilent() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        for (int window = 0; window < 60; window++) {
            long bytes = 1_500_000 + (window % 7) * 100_000;
            harness.feed(upload(BACKUP_HOST, "198.51.100.10", window, bytes));
            harness.closeWindow(window);
        }
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void backupTargetsOnThePeerAllowListNeverCount() throws Exception {
        DetectorHarness<OutboundFeatures> harness =
                detector("--exfiltration.allow-peers=198.51.100.10/32");
        OutboundFeatures features = empty(WORKSTATION, 0);
        OutboundAggregate aggregate = OutboundAggregate.of(settings);
        FlowEvent upload = flow(WORKSTATION, "198.51.100.10", 1);
        upload.bytes = 50_000_000;
        aggregate.add(upload, features);
        harness.feed(features);
        harness.closeWindow(0);
        assertThat(features.externalBytes).isZero();
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void externalHostsNeverRaiseExfiltration() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        harness.feed(upload("198.51.100.77", "203.0.113.9", 0, 900_000_000));
        harness.closeWindow(0);
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void idleScannersLeaveNoStateBehindAfterTheTtl() throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector("--state.ttl=5min");
        harness.harness.setStateTtlProcessingTime(0);
        for (int source = 1; source <= 20; source++) {
            harness.feed(sweep("198.51.100." + source, 0, 23, 1, 25));
        }
        harness.closeWindow(0);
        assertThat(harness.alerts()).hasSize(20);
        assertThat(harness.stateEntries()).isEqualTo(20);

        harness.harness.setStateTtlProcessingTime(5 * 60_000 + 1);
        for (int window = 1; window <= 60; window++) {
            harness.feed(upload(WORKSTATION, EXTERNAL_PEER, window, 1000));
        }

        assertThat(harness.stateEntries()).isEqualTo(1);
    }

    @Test
    void spoofedSourcesOfAFloodLeaveNoStateWhileInternalClientsKeepTheirBaselines()
            throws Exception {
        DetectorHarness<OutboundFeatures> harness = detector();
        for (int window = 0; window < 3; window++) {
            for (int source = 0; source < 1000; source++) {
                String spoofed = "198." + (18 + window) + "." + source / 250 + "." + source % 250;
                harness.feed(sweep(spoofed, window, 443, 7, 1));
            }
            harness.feed(sweep(WORKSTATION, window, 443, 9, 2));
            harness.closeWindow(window);
        }

        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.stateEntries()).as("only the internal client's baseline").isEqualTo(1);

        harness.feed(sweep("198.18.0.1", 3, 22, 1, 25));
        harness.closeWindow(3);
        assertThat(harness.alerts())
                .extracting(Alert::kind)
                .containsExactly(AlertKind.HORIZONTAL_SCAN);
        assertThat(harness.stateEntries())
                .as("a source that fires keeps its incident")
                .isEqualTo(2);
    }

    private OutboundFeatures sweep(String scanner, int window, int port, int first, int count) {
        OutboundFeatures features = empty(scanner, window);
        for (int host = first; host < first + count; host++) {
            add(
                    features,
                    tcp(scanner, "10.0." + (2 + host / 250) + "." + host % 250, port, 0x02, 1));
        }
        return features;
    }

    private OutboundFeatures upload(String host, String peer, int window, long bytes) {
        OutboundFeatures features = empty(host, window);
        FlowEvent flow = flow(host, peer, windowStart(window) + 5000);
        flow.tcpFlags = 0x18;
        flow.bytes = bytes;
        flow.packets = Math.max(1, bytes / 1400);
        add(features, flow);
        return features;
    }

    private void add(OutboundFeatures features, FlowEvent flow) {
        OutboundAggregate.of(settings).add(flow, features);
    }

    private static OutboundFeatures empty(String host, int window) {
        HostKey key = Flows.host(host);
        OutboundFeatures features = new OutboundFeatures();
        features.stamp(key.high, key.low, windowStart(window), windowStart(window + 1));
        return features;
    }
}
