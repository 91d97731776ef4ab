package dev.flowsentry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobParametersTest {

    @TempDir Path directory;

    @Test
    void eachLineBecomesANameValuePairInFileOrderAndCommentsAreSkipped() throws Exception {
        Path file =
                write(
                        "# thresholds",
                        "window = 10s",
                        "",
                        "--internal-networks=10.0.0.0/8,fd00::/8",
                        "! another comment",
                        "dos.syn.floor: 20",
                        "local =");

        assertThat(JobParameters.read(file).programArguments(List.of()))
                .containsExactly(
                        "--window",
                        "10s",
                        "--internal-networks",
                        "10.0.0.0/8,fd00::/8",
                        "--dos.syn.floor",
                        "20",
                        "--local");
    }

    @Test
    void overridesReplaceTheFilesValueAndNewOnesFollow() throws Exception {
        Path file = write("bootstrap-servers = kafka:9092", "window = 10s");

        List<String> arguments =
                JobParameters.read(file)
                        .programArguments(
                                List.of(
                                        "--bootstrap-servers",
                                        "127.0.0.1:19092",
                                        "--parallelism",
                                        "4",
                                        "--help"));

        assertThat(arguments)
                .containsExactly(
                        "--bootstrap-servers",
                        "127.0.0.1:19092",
                        "--window",
                        "10s",
                        "--parallelism",
                        "4",
                        "--help");
    }

    @Test
    void aLineWithoutSeparatorIsRejectedWithItsNumber() throws Exception {
        Path file = write("window = 10s", "thresholds");

        assertThatThrownBy(() -> JobParameters.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":2:")
                .hasMessageContaining("thresholds");
    }

    private Path write(String... lines) throws Exception {
        Path file = directory.resolve("job.properties");
        Files.write(file, List.of(lines));
        return file;
    }
}
