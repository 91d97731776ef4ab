package dev.flowsentry.traffic.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** When each part of a {@link LabelledScenario} happens, and the labels that say so. */
final class Timeline {

    /** From the first attack's start to the last one's end. */
    static final Duration ATTACKS_SPAN = Duration.ofSeconds(210);

    /** Background only, after the last attack, so that every alert can end. */
    static final Duration TAIL = Duration.ofMinutes(2);

    static final Duration STAGGER = Duration.ofSeconds(30);

    final Instant synFloodStart;
    final Instant udpFloodStart;
    final Instant icmpFloodStart;
    final Instant horizontalScanStart;
    final Instant verticalScanStart;
    final Instant exfiltrationStart;
    final Duration floodLength = Duration.ofSeconds(60);
    final Duration horizontalScanLength = Duration.ofSeconds(40);
    final Duration verticalScanLength = Duration.ofSeconds(60);
    final Duration exfiltrationLength = Duration.ofSeconds(60);

    private final LabelledScenario scenario;

    Timeline(LabelledScenario scenario) {
        this.scenario = scenario;
        Instant first = scenario.start().plus(scenario.warmup());
        synFloodStart = first;
        udpFloodStart = first.plus(STAGGER);
        icmpFloodStart = first.plus(STAGGER.multipliedBy(2));
        horizontalScanStart = first.plus(STAGGER.multipliedBy(3));
        verticalScanStart = first.plus(STAGGER.multipliedBy(4));
        exfiltrationStart = first.plus(STAGGER.multipliedBy(5));
    }

    List<ScenarioLabel> labels() {
        Instant start = scenario.start();
        Instant end = scenario.end();
        return List.of(
                attack(
                        "dos",
                        "syn_flood",
                        LabelledScenario.SYN_VICTIM,
                        null,
                        synFloodStart,
                        floodLength,
                        "TCP SYN flood on port 443 from spoofed sources"),
                attack(
                        "dos",
                        "udp_flood",
                        LabelledScenario.UDP_VICTIM,
                        null,
                        udpFloodStart,
                        floodLength,
                        "UDP flood to random ports from 20 sources"),
                attack(
                        "dos",
                        "icmp_flood",
                        LabelledScenario.ICMP_VICTIM,
                        null,
                        icmpFloodStart,
                        floodLength,
                        "ICMP echo flood from 5 sources"),
                attack(
                        "scan",
                        "horizontal",
                        LabelledScenario.HORIZONTAL_SCANNER,
                        "10.0.2.0/24",
                        horizontalScanStart,
                        horizontalScanLength,
                        "SSH sweep of a /24, mostly unanswered"),
                attack(
                        "scan",
                        "vertical",
                        LabelledScenario.VERTICAL_SCANNER,
                        LabelledScenario.VERTICAL_TARGET.toString(),
                        verticalScanStart,
                        verticalScanLength,
                        "TCP ports 1-1024 of one host"),
                attack(
                        "exfiltration",
                        "volume",
                        LabelledScenario.EXFILTRATION_HOST,
                        LabelledScenario.EXFILTRATION_PEER.toString(),
                        exfiltrationStart,
                        exfiltrationLength,
                        "a quiet workstation uploads to one external host"),
                new ScenarioLabel(
                        ScenarioLabel.BENIGN,
                        "web_server",
                        LabelledScenario.WEB_SERVER.toString(),
                        null,
                        start,
                        end,
                        "busy HTTPS server: many external clients, flows every window"),
                new ScenarioLabel(
                        ScenarioLabel.BENIGN,
                        "dns_resolver",
                        LabelledScenario.DNS_RESOLVER.toString(),
                        null,
                        start,
                        end,
                        "DNS resolver: many small UDP flows from every client"),
                new ScenarioLabel(
                        ScenarioLabel.BENIGN,
                        "backup_upload",
                        LabelledScenario.BACKUP_HOST.toString(),
                        LabelledScenario.BACKUP_TARGET.toString(),
                        start,
                        end,
                        "steady backup upload to an external backup target"));
    }

    private static ScenarioLabel attack(
            String type,
            String subtype,
            Object host,
            String peer,
            Instant start,
            Duration length,
            String description) {
        return new ScenarioLabel(
                type, subtype, host.toString(), peer, start, start.plus(length), description);
    }

    static boolean within(long timeMs, Instant start, Duration length) {
        return timeMs >= start.toEpochMilli() && timeMs < start.plus(length).toEpochMilli();
    }
}
