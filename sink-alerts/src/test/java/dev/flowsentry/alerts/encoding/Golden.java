package dev.flowsentry.alerts.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares an encoding with its file under src/test/resources/golden. Run with {@code
 * -Dgolden.update=true} to rewrite the files after a deliberate change, then review the diff.
 */
final class Golden {

    private static final Path DIRECTORY = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Golden() {}

    static void assertJson(String file, JsonNode actual) throws IOException {
        String canonical = MAPPER.writeValueAsString(MAPPER.readTree(actual.toString())) + "\n";
        assertText(file, canonical, true);
    }

    static void assertLine(String file, String actual) throws IOException {
        assertText(file, actual + "\n", false);
    }

    private static void assertText(String file, String actual, boolean json) throws IOException {
        Path path = DIRECTORY.resolve(file);
        if (UPDATE) {
            Files.createDirectories(path.getParent());
            Files.writeString(path, actual, StandardCharsets.UTF_8);
        }
        assertThat(path).as("golden file %s (-Dgolden.update=true writes it)", path).exists();
        String expected = Files.readString(path, StandardCharsets.UTF_8);
        if (json) {
            expected = MAPPER.writeValueAsString(MAPPER.readTree(expected)) + "\n";
        }
        assertThat(actual).as("encoding compared with %s", path).isEqualTo(expected);
    }
}
