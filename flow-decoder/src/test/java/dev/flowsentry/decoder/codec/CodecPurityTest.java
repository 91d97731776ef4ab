package dev.flowsentry.decoder.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pure decoding (bytes in, records out) imports nothing of sockets, Kafka, metrics or logging. */
class CodecPurityTest {

    private static final List<String> FORBIDDEN =
            List.of(
                    "import java.net.",
                    "import java.nio.channels.",
                    "import org.apache.kafka.",
                    "import io.prometheus.",
                    "import org.slf4j.",
                    "import dev.flowsentry.decoder.collector",
                    "import dev.flowsentry.decoder.publish",
                    "import dev.flowsentry.decoder.metrics");

    @Test
    void theCodecPackageImportsNoTransportOrInfrastructure() throws IOException {
        Path codec = Path.of("src/main/java/dev/flowsentry/decoder/codec");
        try (Stream<Path> sources = Files.list(codec)) {
            List<Path> files = sources.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(files).hasSizeGreaterThan(10);
            for (Path file : files) {
                String source = Files.readString(file);
                assertThat(FORBIDDEN).as(file.toString()).noneMatch(source::contains);
            }
        }
    }
}
