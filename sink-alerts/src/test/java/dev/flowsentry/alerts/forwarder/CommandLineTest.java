package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.alerts.AlertType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: help, defaults, config file, and errors that name the option at fault. */
class CommandLineTest {

    private static final List<String> EVERY_OPTION =
            List.of(
                    "config",
                    "bootstrap-servers",
                    "topic",
                    "group-id",
                    "kafka-config",
                    "to",
                    "format",
                    "min-severity",
                    "type",
                    "dead-letter",
                    "max-attempts",
                    "initial-backoff",
                    "max-backoff",
                    "max-in-flight",
                    "timeout",
                    "metrics-port",
                    "metrics-address",
                    "syslog-framing",
                    "syslog-facility",
                    "syslog-app-name",
                    "syslog-hostname",
                    "webhook-style",
                    "webhook-header",
                    "webhook-token-scheme",
                    "webhook-token-file",
                    "tls-trust-store",
                    "tls-trust-store-type",
                    "tls-trust-store-password-file",
                    "tls-key-store",
                    "tls-key-store-type",
                    "tls-key-store-password-file",
                    "file-max-bytes",
                    "file-max-files",
                    "shutdown-timeout",
                    "help");

    @TempDir Path directory;

    @Test
    void helpListsEveryOptionWithItsDefaultAndNoSecret() throws Exception {
        Result result = run(Map.of("FLOWSENTRY_WEBHOOK_TOKEN", "env-S3CRET"), "--help");

        assertThat(result.status).isZero();
        for (String option : EVERY_OPTION) {
            assertThat(result.out).containsPattern("(?m)^  --" + option + "\\b");
        }
        assertThat(result.out.lines().filter(line -> line.startsWith("  --")))
                .hasSize(EVERY_OPTION.size())
                .filteredOn(line -> !line.startsWith("  --help"))
                .allSatisfy(line -> assertThat(line).containsPattern("\\[default: [^]]+]$"));
        assertThat(result.out)
                .contains("[default: alerts]", "[default: 500ms]", "[default: octet-counting]")
                .doesNotContain("env-S3CRET");
    }

    @Test
    void unknownOptionFailsNamingIt() throws Exception {
        Result result =
                run(Map.of(), "--bootstrap-servers", "k:9092", "--to", "stdout", "--colour");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.err).startsWith("alert-forwarder: --colour: unknown option");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--min-severity|extreme|--min-severity: expected 0-10",
                "--min-severity|11|--min-severity: expected 0-10",
                "--type|dos,worm|--type: expected a list of dos, scan, exfiltration; found 'worm'",
                "--format|xml|--format: expected auto, ecs, cef, ocsf, json or text",
                "--max-attempts|0|--max-attempts: expected a positive integer",
                "--initial-backoff|soon|--initial-backoff: expected a duration",
                "--metrics-port|70000|--metrics-port: expected a port 0-65535",
                "--syslog-framing|crlf|--syslog-framing: expected octet-counting or lf",
                "--syslog-facility|local9|--syslog-facility: expected a name such as local0",
                "--webhook-style|discord|--webhook-style: expected generic|slack|teams",
                "--file-max-bytes|lots|--file-max-bytes: expected a size such as 100MiB",
                "--to|gopher://host/|--to: unknown destination scheme 'gopher'",
                "--to|syslog+udp:///nohost|--to: syslog+udp:///nohost has no host",
            })
    void badValueFailsNamingTheOption(String option, String value, String message)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", "k:9092"));
        if (!option.equals("--to")) {
            args.addAll(List.of("--to", "stdout"));
        }
        args.addAll(List.of(option, value));

        Result result = run(Map.of(), args.toArray(String[]::new));

        assertThat(result.status).isEqualTo(2);
        assertThat(result.err).startsWith("alert-forwarder: " + message);
    }

    @Test
    void missingRequiredOptionsAreNamed() throws Exception {
        assertThat(run(Map.of(), "--to", "stdout").err)
                .startsWith("alert-forwarder: --bootstrap-servers: is required");
        assertThat(run(Map.of(), "--bootstrap-servers", "k:9092").err)
                .startsWith("alert-forwarder: --to: at least one destination is required");
    }

    @Test
    void secretOnTheCommandLineIsRefusedWithoutEchoingIt() throws Exception {
        Result result =
                run(
                        Map.of(),
                        "--bootstrap-servers",
                        "k:9092",
                        "--to",
                        "https://siem.example/hook",
                        "--webhook-token",
                        "cli-S3CRET");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.err)
                .contains("--webhook-token: secrets are not accepted here")
                .contains("--webhook-token-file FILE or FLOWSENTRY_WEBHOOK_TOKEN")
                .doesNotContain("cli-S3CRET");
    }

    @Test
    void credentialsInADestinationUriAreRefusedWithoutEchoingThem() throws Exception {
        Result result =
                run(Map.of(), "--bootstrap-servers", "k:9092", "--to", "https://u:pw-S3CRET@siem/");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.err).contains("--to: credentials").doesNotContain("pw-S3CRET");
    }

    @Test
    void configFileGivesTheSameSettingsAndTheCommandLineWins() throws Exception {
        Path config =
                Files.writeString(
                        directory.resolve("forwarder.properties"),
                        """
                        bootstrap-servers = broker-1:9092,broker-2:9092
                        topic = soc-alerts
                        to = syslog+tls://siem:6514 file:///var/log/flowsentry/alerts.jsonl
                        min-severity = high
                        type = dos,exfiltration
                        max-backoff = 2m
                        file-max-bytes = 10MiB
                        """);

        ForwarderSettings settings =
                ForwarderSettings.parse(
                        new String[] {"--config", config.toString(), "--topic", "override"},
                        Map.of());

        assertThat(settings.bootstrapServers).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(settings.topic).isEqualTo("override");
        assertThat(settings.destinations)
                .containsExactly(
                        URI.create("syslog+tls://siem:6514"),
                        URI.create("file:///var/log/flowsentry/alerts.jsonl"));
        assertThat(settings.minSeverity).isEqualTo(8);
        assertThat(settings.types).isEqualTo(Set.of(AlertType.DOS, AlertType.EXFILTRATION));
        assertThat(settings.maxBackoff).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.fileMaxBytes).isEqualTo(10L << 20);
        assertThat(settings.groupId).isEqualTo("flowsentry-forwarder");
        assertThat(settings.metricsPort).isEqualTo(-1);
    }

    @Test
    void secretKeyInAConfigFileIsRefused() throws Exception {
        Path config = Files.writeString(directory.resolve("bad.properties"), "webhook-token=x\n");

        assertThatThrownBy(
                        () ->
                                ForwarderSettings.parse(
                                        new String[] {"--config", config.toString()}, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("key 'webhook-token': secrets are not accepted here");
    }

    @Test
    void kafkaConfigKeepsSecuritySettingsButNeverTheDeliverySettings() throws Exception {
        Path kafka =
                Files.writeString(
                        directory.resolve("kafka.properties"),
                        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                                + "isolation.level=read_committed\nmax.poll.records=5000\n");

        ForwarderSettings settings =
                ForwarderSettings.parse(
                        new String[] {
                            "--bootstrap-servers", "k:9093",
                            "--to", "stdout",
                            "--kafka-config", kafka.toString(),
                            "--max-in-flight", "100"
                        },
                        Map.of());
        Properties consumer = AlertForwarder.consumerProperties(settings);

        assertThat(consumer)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    @Test
    void kafkaConfigThatWouldBreakDeliveryGuaranteesIsRefused() throws Exception {
        Path kafka =
                Files.writeString(
                        directory.resolve("auto.properties"), "enable.auto.commit=true\n");

        Result result =
                run(
                        Map.of(),
                        "--bootstrap-servers",
                        "k:9092",
                        "--to",
                        "stdout",
                        "--kafka-config",
                        kafka.toString());

        assertThat(result.err)
                .startsWith(
                        "alert-forwarder: --kafka-config: enable.auto.commit=true would commit");
    }

    @Test
    void invalidKafkaClientSettingFailsNamingTheKafkaConfig() throws Exception {
        Path kafka =
                Files.writeString(directory.resolve("bad.properties"), "security.protocol=NOPE\n");

        Result result =
                run(
                        Map.of(),
                        "--bootstrap-servers",
                        "k:9092",
                        "--to",
                        "stdout",
                        "--kafka-config",
                        kafka.toString());

        assertThat(result.status).isEqualTo(2);
        assertThat(result.err)
                .startsWith("alert-forwarder: --kafka-config: ")
                .contains("security.protocol");
    }

    @ParameterizedTest
    @CsvSource({"low,3", "MEDIUM,5", "high,8", "critical,10", "0,0", "7,7"})
    void minSeverityTakesTheCefScaleOrALabel(String given, int cef) throws Exception {
        ForwarderSettings settings =
                ForwarderSettings.parse(
                        new String[] {
                            "--bootstrap-servers",
                            "k:9092",
                            "--to",
                            "stdout",
                            "--min-severity",
                            given
                        },
                        Map.of());

        assertThat(settings.minSeverity).isEqualTo(cef);
    }

    private static Result run(Map<String, String> environment, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                ForwarderMain.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        environment);
        return new Result(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {}
}
