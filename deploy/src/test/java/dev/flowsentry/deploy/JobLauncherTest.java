package dev.flowsentry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLauncherTest {

    /** Stands in for the detection job: remembers the arguments its main got. */
    public static final class RecordingJob {
        static volatile List<String> received;

        public static void main(String[] arguments) {
            if (List.of(arguments).contains("--fail")) {
                throw new IllegalStateException("bad parameter --fail");
            }
            received = List.of(arguments);
        }
    }

    @TempDir Path directory;

    @Test
    void startsTheMainClassWithTheFilesParametersAndTheOverrides() throws Exception {
        Path file = directory.resolve("job.properties");
        Files.write(file, List.of("bootstrap-servers = kafka:9093", "window = 10s"));

        JobLauncher.main(
                new String[] {
                    "--parameters-file",
                    file.toString(),
                    "--main-class",
                    RecordingJob.class.getName(),
                    "--window",
                    "30s"
                });

        assertThat(RecordingJob.received)
                .containsExactly("--bootstrap-servers", "kafka:9093", "--window", "30s");
    }

    @Test
    void theJobsOwnExceptionReachesTheCaller() {
        assertThatThrownBy(
                        () ->
                                JobLauncher.main(
                                        new String[] {
                                            "--main-class", RecordingJob.class.getName(), "--fail"
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bad parameter --fail");
    }
}
