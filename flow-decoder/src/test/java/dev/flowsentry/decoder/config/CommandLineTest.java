package dev.flowsentry.decoder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.flow.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    private static final String[] KAFKA = {"--bootstrap-servers", "127.0.0.1:9092"};

    @TempDir Path directory;

    @Test
    void helpListsEveryOptionWithItsDefaultAndMeaning() {
        String help = CommandLine.help();

        for (Option option : Option.values()) {
            assertThat(help).contains(option.flag()).contains(option.description());
            if (option.defaultValue() != null) {
                assertThat(help).contains(option.flag() + " " + option.argument());
                assertThat(help).contains("[default: " + option.defaultValue() + "]");
            }
        }
    }

    @Test
    void defaultsGiveThe32MebibyteBufferLz4AndAFlowsTopic() throws Exception {
        DecoderOptions options = CommandLine.parse(KAFKA);

        assertThat(options.receiveBufferBytes()).isEqualTo(32 << 20);
        assertThat(options.compression()).isEqualTo("lz4");
        assertThat(options.topic()).isEqualTo("flows");
        assertThat(options.listen().getPort()).isEqualTo(2055);
        assertThat(options.allow().isEmpty()).isTrue();
        assertThat(options.output()).isEqualTo(DecoderOptions.Output.KAFKA);
    }

    @Test
    void anUnknownOptionIsRejectedByName() {
        assertThatThrownBy(
                        () ->
                                CommandLine.parse(
                                        new String[] {
                                            "--bootstrap-servers", "x:1", "--colour", "red"
                                        }))
                .isInstanceOf(BadOptionException.class)
                .hasMessageStartingWith("--colour: unknown option");
    }

    @Test
    void aValueThatIsNotANumberNamesItsOption() {
        assertThatThrownBy(
                        () -> CommandLine.parse(new String[] {"--metrics-port", "abc", "--stdout"}))
                .isInstanceOf(BadOptionException.class)
                .hasMessage("--metrics-port: not a number: 'abc'")
                .extracting(e -> ((BadOptionException) e).option())
                .isEqualTo("--metrics-port");
    }

    @Test
    void aNumberOutOfRangeNamesItsOptionAndTheRange() {
        assertThatThrownBy(
                        () -> CommandLine.parse(new String[] {"--stdout", "--decode-workers", "0"}))
                .hasMessage("--decode-workers: must be between 1 and 64, found 0");
    }

    @Test
    void anOptionWithoutItsValueIsRejected() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--stdout", "--topic"}))
                .hasMessageStartingWith("--topic: needs a value");
    }

    @Test
    void kafkaOutputNeedsBootstrapServersButStdoutDoesNot() throws Exception {
        assertThatThrownBy(() -> CommandLine.parse(new String[0]))
                .hasMessageStartingWith("--bootstrap-servers: required");

        assertThat(CommandLine.parse(new String[] {"--stdout"}).output())
                .isEqualTo(DecoderOptions.Output.STDOUT);
        assertThat(CommandLine.parse(new String[] {"--output", "stdout"}).output())
                .isEqualTo(DecoderOptions.Output.STDOUT);
    }

    @Test
    void aBadAllowListEntryNamesTheOption() {
        assertThatThrownBy(
                        () ->
                                CommandLine.parse(
                                        new String[] {"--stdout", "--allow", "10.0.0.0/8,banana"}))
                .hasMessageStartingWith("--allow: ");
    }

    @Test
    void requiredFieldsCannotBeDropped() throws Exception {
        assertThatThrownBy(
                        () ->
                                CommandLine.parse(
                                        new String[] {
                                            "--stdout", "--drop-fields", "src_mac,src_addr"
                                        }))
                .hasMessageStartingWith("--drop-fields: cannot drop 'src_addr'");

        assertThat(
                        CommandLine.parse(
                                        new String[] {
                                            "--stdout", "--drop-fields", "src_mac, dst_mac,next_hop"
                                        })
                                .dropFields())
                .isEqualTo(Set.of("src_mac", "dst_mac", "next_hop"));
    }

    @Test
    void theConfigFileTakesTheSameOptionsAndTheCommandLineWins() throws Exception {
        Path file = directory.resolve("decoder.properties");
        Files.writeString(
                file,
                "bootstrap-servers=kafka:9092\ntopic=from-file\nallow=192.0.2.0/24\ntimestamp-max-future-ms=60000\n");

        DecoderOptions options =
                CommandLine.parse(
                        new String[] {"--config", file.toString(), "--topic", "from-command-line"});

        assertThat(options.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(options.topic()).isEqualTo("from-command-line");
        assertThat(options.allow().contains(IpAddress.parse("192.0.2.7"))).isTrue();
        assertThat(options.timestampMaxFuture()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anUnknownNameInTheConfigFileIsRejectedByName() throws Exception {
        Path file = directory.resolve("decoder.properties");
        Files.writeString(file, "stdout=true\nlisten-port=2055\n");

        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--config", file.toString()}))
                .hasMessageStartingWith("listen-port: unknown option in " + file);
    }

    @Test
    void anUnreadableConfigFileNamesTheConfigOption() {
        assertThatThrownBy(
                        () ->
                                CommandLine.parse(
                                        new String[] {
                                            "--config", directory.resolve("missing").toString()
                                        }))
                .hasMessageStartingWith("--config: cannot read");
    }

    @Test
    void samplingOverridesAndDecoderBoundsReachTheDecoderSettings() throws Exception {
        DecoderOptions options =
                CommandLine.parse(
                        new String[] {
                            "--stdout",
                            "--sampling-overrides",
                            "10.0.0.0/8=100",
                            "--max-held-age-ms",
                            "5000"
                        });

        assertThat(options.decoderSettings().samplingOverrides()).hasSize(1).containsValue(100L);
        assertThat(options.decoderSettings().maxHeldAge()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(
                        () ->
                                CommandLine.parse(
                                        new String[] {
                                            "--stdout", "--sampling-overrides", "10.0.0.0/8=0"
                                        }))
                .hasMessageStartingWith("--sampling-overrides: bad entry '10.0.0.0/8=0'");
    }
}
