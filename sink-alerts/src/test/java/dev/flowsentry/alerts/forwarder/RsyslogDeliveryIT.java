package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import dev.flowsentry.alerts.encoding.CefAlertEncoder;
import dev.flowsentry.alerts.encoding.EcsAlertDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real rsyslog receives CEF over UDP and TCP; the test reads what rsyslog wrote. */
class RsyslogDeliveryIT {

    @TempDir static Path rsyslogDirectory;
    private static Rsyslog rsyslog;

    @TempDir Path directory;
    private final CefAlertEncoder cef = new CefAlertEncoder();

    @BeforeAll
    static void startRsyslog() throws Exception {
        rsyslog = Rsyslog.start(rsyslogDirectory);
    }

    @AfterAll
    static void stopRsyslog() {
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    @Test
    void cefOverUdpArrivesAsOneParsedSyslogMessage() throws Exception {
        Alert alert = SampleAlerts.all().get("scan-horizontal-start");

        try (WorkerHarness harness = harness("syslog+udp://127.0.0.1:" + rsyslog.udpPort)) {
            harness.deliver(alert);
        }

        String parsed = awaitLine("parsed.log", alert.eventId());
        assertThat(parsed).isEqualTo(expectedParsed(alert, cef.encode(alert)));
        assertThat(awaitLine("raw.log", alert.eventId()))
                .startsWith("<131>1 2024-05-01T12:00:10.000Z forwarder-test flowsentry - scan - ")
                .endsWith(cef.encode(alert));
    }

    @Test
    void cefOverTcpWithOctetCountingArrivesWhole() throws Exception {
        List<Alert> alerts = List.copyOf(SampleAlerts.all().values());

        try (WorkerHarness harness = harness("syslog+tcp://127.0.0.1:" + rsyslog.tcpPort)) {
            for (Alert alert : alerts) {
                harness.deliver(alert);
            }
        }

        for (Alert alert : alerts) {
            assertThat(awaitLine("parsed.log", "externalId=" + alert.eventId() + " "))
                    .isEqualTo(expectedParsed(alert, cef.encode(alert)));
        }
    }

    @Test
    void cefOverTcpWithLineFramingArrivesWhole() throws Exception {
        Alert alert = SampleAlerts.hostile();

        try (WorkerHarness harness =
                harness(
                        "syslog+tcp://127.0.0.1:" + rsyslog.tcpPort,
                        "--syslog-framing",
                        "lf",
                        "--syslog-facility",
                        "local4")) {
            harness.deliver(alert);
        }

        String parsed = awaitLine("parsed.log", "cs5=m\\=1|x");
        assertThat(parsed).startsWith("162|forwarder-test|flowsentry|dos|CEF:0|");
        assertThat(parsed).endsWith(cef.encode(alert));
    }

    @Test
    void ecsOverTcpArrivesAsDecodableJson() throws Exception {
        Alert alert = SampleAlerts.all().get("exfiltration-volume-update");

        try (WorkerHarness harness =
                harness("syslog+tcp://127.0.0.1:" + rsyslog.tcpPort, "--format", "ecs")) {
            harness.deliver(alert);
        }

        String parsed = awaitLine("parsed.log", "\"id\":\"" + alert.id() + "\",\"sequence\":1");
        String json = parsed.substring(parsed.indexOf('{'));
        assertThat(new EcsAlertDecoder().decode(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(alert);
    }

    private WorkerHarness harness(String uri, String... extra) throws UsageException {
        String[] args = new String[extra.length + 4];
        args[0] = "--to";
        args[1] = uri;
        args[2] = "--syslog-hostname";
        args[3] = "forwarder-test";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return new WorkerHarness(directory, Map.of(), args);
    }

    private static String expectedParsed(Alert alert, String payload) {
        int pri = 16 * 8 + SyslogMessage.severity(alert);
        return pri + "|forwarder-test|flowsentry|" + alert.type().code() + "|" + payload;
    }

    private static String awaitLine(String file, String marker) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                rsyslog.lines(file).stream()
                                        .filter(line -> line.contains(marker))
                                        .findFirst()
                                        .orElse(null),
                        line -> line != null);
    }
}
