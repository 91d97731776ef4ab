package dev.flowsentry.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts of every type and state, named as their golden files are. */
public final class SampleAlerts {

    private static final Instant WINDOW_START = Instant.parse("2024-05-01T12:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2024-05-01T12:00:10Z");

    private SampleAlerts() {}

    /** Name (type-subtype-state) to alert, in a stable order. */
    public static Map<String, Alert> all() {
        Map<String, Alert> alerts = new LinkedHashMap<>();
        alerts.put("dos-syn_flood-start", synFloodStart());
        alerts.put("dos-udp_flood-update", udpFloodUpdate());
        alerts.put("dos-icmp_flood-end", icmpFloodEnd());
        alerts.put("dos-volumetric-start-ipv6", volumetricIpv6Start());
        alerts.put("scan-horizontal-start", horizontalScanStart());
        alerts.put("scan-vertical-update", verticalScanUpdate());
        alerts.put(
                "scan-vertical-end",
                verticalScanUpdate().toBuilder()
                        .state(AlertState.END)
                        .sequence(5)
                        .timestamp(WINDOW_END.plusSeconds(40))
                        .end(WINDOW_END.plusSeconds(40))
                        .observed(12)
                        .severity(Severity.LOW)
                        .build());
        alerts.put("exfiltration-volume-start", exfiltrationStart());
        alerts.put(
                "exfiltration-volume-update",
                exfiltrationStart().toBuilder()
                        .state(AlertState.UPDATE)
                        .sequence(1)
                        .timestamp(WINDOW_END.plusSeconds(10))
                        .end(WINDOW_END.plusSeconds(10))
                        .observed(7.75e9)
                        .severity(Severity.CRITICAL)
                        .build());
        alerts.put(
                "exfiltration-volume-end",
                exfiltrationStart().toBuilder()
                        .state(AlertState.END)
                        .sequence(2)
                        .timestamp(WINDOW_END.plusSeconds(20))
                        .end(WINDOW_END.plusSeconds(20))
                        .observed(1.5e7)
                        .build());
        return alerts;
    }

    /** A SYN flood start with full evidence. */
    public static Alert synFloodStart() {
        return Alert.builder()
                .id("7f3c2a10-syn-10.0.0.5")
                .sequence(0)
                .kind(AlertKind.SYN_FLOOD)
                .state(AlertState.START)
                .timestamp(WINDOW_END)
                .start(WINDOW_START)
                .end(WINDOW_END)
                .host("10.0.0.5")
                .sourceIp("203.0.113.9")
                .destinationIp("10.0.0.5")
                .destinationPort(80)
                .protocol(6)
                .metric("syn_only_flows_per_second")
                .observed(120000)
                .baseline(40.5)
                .threshold(1000)
                .severity(Severity.CRITICAL)
                .evidence(
                        Evidence.builder()
                                .flows(120000)
                                .packets(120000)
                                .bytes(7200000)
                                .distinctSources(5000)
                                .unit("flows")
                                .topSources(
                                        List.of(
                                                new Contributor("203.0.113.9", 30000),
                                                new Contributor("203.0.113.10", 20000)))
                                .topPorts(List.of(new Contributor("80", 120000)))
                                .build())
                .build();
    }

    private static Alert udpFloodUpdate() {
        return Alert.builder()
                .id("0c1d-udp-10.0.0.6")
                .sequence(3)
                .kind(AlertKind.UDP_FLOOD)
                .state(AlertState.UPDATE)
                .timestamp(WINDOW_END.plusSeconds(30))
                .start(WINDOW_START)
                .end(WINDOW_END.plusSeconds(30))
                .host("10.0.0.6")
                .destinationIp("10.0.0.6")
                .destinationPort(53)
                .protocol(17)
                .hostGroup("dns")
                .metric("udp_packets_per_second")
                .observed(2500000)
                .baseline(12000)
                .threshold(240000)
                .severity(Severity.HIGH)
                .evidence(Evidence.builder().packets(2500000).bytes(1600000000L).build())
                .build();
    }

    private static Alert icmpFloodEnd() {
        return Alert.builder()
                .id("9a9a-icmp-10.0.0.7")
                .sequence(2)
                .kind(AlertKind.ICMP_FLOOD)
                .state(AlertState.END)
                .timestamp(WINDOW_END.plusSeconds(20))
                .start(WINDOW_START)
                .end(WINDOW_END.plusSeconds(20))
                .host("10.0.0.7")
                .destinationIp("10.0.0.7")
                .protocol(1)
                .metric("icmp_packets_per_second")
                .observed(800)
                .baseline(650.25)
                .threshold(5000)
                .severity(Severity.LOW)
                .build();
    }

    private static Alert volumetricIpv6Start() {
        return Alert.builder()
                .id("v6-vol-2001:db8::10")
                .sequence(0)
                .kind(AlertKind.VOLUMETRIC)
                .state(AlertState.START)
                .timestamp(WINDOW_END)
                .start(WINDOW_START)
                .end(WINDOW_END)
                .host("2001:db8::10")
                .sourceIp("2001:db8:ffff::1")
                .destinationIp("2001:db8::10")
                .metric("bytes_per_second")
                .observed(9.5e9)
                .baseline(Double.NaN)
                .threshold(1e9)
                .severity(Severity.MEDIUM)
                .evidence(Evidence.builder().bytes(9500000000L).distinctSources(12).build())
                .build();
    }

    private static Alert horizontalScanStart() {
        return Alert.builder()
                .id("3e1f-hscan-198.51.100.7")
                .sequence(0)
                .kind(AlertKind.HORIZONTAL_SCAN)
                .state(AlertState.START)
                .timestamp(WINDOW_END)
                .start(WINDOW_START)
                .end(WINDOW_END)
                .host("198.51.100.7")
                .sourceIp("198.51.100.7")
                .destinationPort(22)
                .protocol(6)
                .metric("hosts_on_one_port")
                .observed(254)
                .baseline(1.2)
                .threshold(50)
                .severity(Severity.HIGH)
                .evidence(
                        Evidence.builder()
                                .flows(262)
                                .distinctDestinations(254)
                                .failedShare(0.93)
                                .unit("flows")
                                .topDestinations(
                                        List.of(
                                                new Contributor("10.0.0.1", 2),
                                                new Contributor("10.0.0.2", 1)))
                                .topPorts(List.of(new Contributor("22", 262)))
                                .build())
                .build();
    }

    private static Alert verticalScanUpdate() {
        return Alert.builder()
                .id("5d5d-vscan-198.51.100.8")
                .sequence(1)
                .kind(AlertKind.VERTICAL_SCAN)
                .state(AlertState.UPDATE)
                .timestamp(WINDOW_END.plusSeconds(10))
                .start(WINDOW_START)
                .end(WINDOW_END.plusSeconds(10))
                .host("198.51.100.8")
                .sourceIp("198.51.100.8")
                .destinationIp("10.0.0.20")
                .protocol(6)
                .metric("ports_on_one_host")
                .observed(1000)
                .baseline(3)
                .threshold(100)
                .severity(Severity.MEDIUM)
                .evidence(Evidence.builder().flows(1000).distinctPorts(1000).failedShare(1).build())
                .build();
    }

    private static Alert exfiltrationStart() {
        return Alert.builder()
                .id("e7e7-exfil-10.0.0.30")
                .sequence(0)
                .kind(AlertKind.EXFILTRATION_VOLUME)
                .state(AlertState.START)
                .timestamp(WINDOW_END)
                .start(WINDOW_START)
                .end(WINDOW_END)
                .host("10.0.0.30")
                .sourceIp("10.0.0.30")
                .destinationIp("192.0.2.44")
                .destinationPort(443)
                .protocol(6)
                .hostGroup("workstations")
                .metric("external_bytes_per_second")
                .observed(5.2e9)
                .baseline(1.2e7)
                .threshold(2e8)
                .severity(Severity.HIGH)
                .evidence(
                        Evidence.builder()
                                .bytes(5200000000L)
                                .flows(40)
                                .distinctDestinations(1)
                                .unit("bytes")
                                .topDestinations(
                                        List.of(new Contributor("192.0.2.44", 5200000000L)))
                                .build())
                .build();
    }

    /** An alert whose free-text fields hold what breaks naive CEF and terminals. */
    public static Alert hostile() {
        return synFloodStart().toBuilder()
                .id("id|with\\pipe=and\nnewline")
                .metric("m=1|x\\y\r\nz")
                .hostGroup("grüße ✓ 𝄞 \u001b[31mred\u202e")
                .build();
    }
}
