package dev.flowsentry.detection.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.detection.DetectionJob;
import dev.flowsentry.detection.Flows;
import dev.flowsentry.detection.model.HostKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

    @Test
    void helpListsEveryParameterWithItsDefault() throws Exception {
        String help = printedHelp();
        for (Parameter parameter : ParameterCatalog.parameters()) {
            assertThat(help).contains("--" + parameter.name());
            assertThat(help).contains("[" + parameter.defaultValue() + "]");
        }
        assertThat(help)
                .contains(
                        "--bootstrap-servers",
                        "--flows-topic",
                        "--alerts-topic",
                        "--group-id",
                        "--internal-networks",
                        "--window",
                        "--host-group.NAME",
                        "--kafka.KEY")
                .contains(
                        "--dos.syn.floor",
                        "--scan.horizontal.ratio",
                        "--exfiltration.warmup-factor");
    }

    @Test
    void defaultsMatchTheCatalog() {
        JobConfig config = Flows.config();
        assertThat(config.flowsTopic()).isEqualTo("flows");
        assertThat(config.alertsTopic()).isEqualTo("alerts");
        assertThat(config.settings().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.settings().defaults().thresholds(Metric.DOS_SYN).floor()).isEqualTo(1000);
        assertThat(config.deadLetterTopic()).isNull();
        assertThat(config.backtest()).isFalse();
    }

    @Test
    void acceptsNameEqualsValueAndNameSpaceValue() {
        JobConfig config = Flows.config("--window=30s", "--dos.syn.floor", "250");
        assertThat(config.settings().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.settings().defaults().thresholds(Metric.DOS_SYN).floor()).isEqualTo(250);
    }

    @Test
    void badValuesFailNamingTheParameter() {
        assertFailsNaming("window", "--window", "ten seconds");
        assertFailsNaming("window", "--window", "1500ms");
        assertFailsNaming("dos.syn.floor", "--dos.syn.floor", "-5");
        assertFailsNaming("baseline.alpha", "--baseline.alpha", "1.5");
        assertFailsNaming("internal-networks", "--internal-networks", "10.0.0.0/33");
        assertFailsNaming("scan.allow", "--scan.allow", "scanner.example");
        assertFailsNaming("alert.end-after-quiet-windows", "--alert.end-after-quiet-windows", "0");
        assertFailsNaming("starting-offsets", "--starting-offsets", "yesterday");
        assertFailsNaming("dos.sin.floor", "--dos.sin.floor", "5");
        assertFailsNaming(
                "transaction-timeout",
                "--transaction-timeout",
                "10s",
                "--checkpoint-interval",
                "30s");
    }

    @Test
    void bootstrapServersAreRequiredExceptForAFileBacktest(@TempDir Path directory)
            throws Exception {
        assertThatThrownBy(() -> JobConfig.parse(new String[0]))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("--bootstrap-servers");
        Path file = Files.writeString(directory.resolve("flows.jsonl"), "");
        JobConfig config = JobConfig.parse(new String[] {"--backtest.file", file.toString()});
        assertThat(config.backtest()).isTrue();
    }

    @Test
    void hostGroupsOverrideThresholdsForTheirNetworksByLongestPrefix() {
        DetectionSettings settings =
                Flows.settings(
                        "--host-group.web=10.1.0.0/16",
                        "--host-group.web.dos.syn.floor=5000",
                        "--host-group.dns=10.1.0.53/32",
                        "--host-group.dns.dos.udp.ratio=10");
        HostKey web = Flows.host("10.1.2.3");
        HostKey dns = Flows.host("10.1.0.53");
        HostKey other = Flows.host("10.9.9.9");

        assertThat(settings.groupOf(web.high, web.low).name()).isEqualTo("web");
        assertThat(settings.groupOf(web.high, web.low).thresholds(Metric.DOS_SYN).floor())
                .isEqualTo(5000);
        assertThat(settings.groupOf(dns.high, dns.low).name()).isEqualTo("dns");
        assertThat(settings.groupOf(dns.high, dns.low).thresholds(Metric.DOS_UDP).ratio())
                .isEqualTo(10);
        assertThat(settings.groupOf(dns.high, dns.low).thresholds(Metric.DOS_SYN).floor())
                .isEqualTo(1000);
        assertThat(settings.groupOf(other.high, other.low).name()).isNull();
    }

    @Test
    void hostGroupMistakesFailNamingTheParameter() {
        assertFailsNaming("host-group.web.dos.syn.floor", "--host-group.web.dos.syn.floor=5");
        assertFailsNaming(
                "host-group.web.dos.syn.flor",
                "--host-group.web=10.0.0.0/8",
                "--host-group.web.dos.syn.flor=5");
        assertFailsNaming("host-group.web", "--host-group.web=");
    }

    @Test
    void kafkaSettingsPassThroughWithSecretsFromFilesNeverPrinted(@TempDir Path directory)
            throws Exception {
        Path secret = Files.writeString(directory.resolve("jaas"), "s3cret-jaas\n");
        JobConfig config =
                Flows.config(
                        "--kafka.security.protocol=SASL_SSL",
                        "--kafka.sasl.jaas.config.file=" + secret);

        assertThat(config.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "s3cret-jaas");
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("SASL_SSL");
        assertThat(printedHelp()).doesNotContain("s3cret");
    }

    @Test
    void secretsOnTheCommandLineAreRefusedWithoutEchoingThem() {
        for (String setting :
                List.of(
                        "kafka.sasl.jaas.config",
                        "kafka.ssl.keystore.password",
                        "kafka.ssl.key.password",
                        "kafka.ssl.truststore.password",
                        "kafka.ssl.keystore.key",
                        "kafka.sasl.oauthbearer.client.credentials.client.secret")) {
            assertThatThrownBy(() -> Flows.config("--" + setting + "=s3cret-inline"))
                    .as(setting)
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageStartingWith("--" + setting + ":")
                    .hasMessageContaining("--" + setting + ".file PATH")
                    .hasMessageNotContaining("s3cret");
        }
        assertThat(Flows.config("--kafka.ssl.truststore.location=/etc/ca.pem").kafkaProperties())
                .containsEntry("ssl.truststore.location", "/etc/ca.pem");
    }

    private static void assertFailsNaming(String parameter, String... arguments) {
        assertThatThrownBy(() -> Flows.config(arguments))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("--" + parameter + ":")
                .extracting(e -> ((InvalidParameterException) e).parameter())
                .isEqualTo(parameter);
    }

    private static String printedHelp() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            DetectionJob.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
