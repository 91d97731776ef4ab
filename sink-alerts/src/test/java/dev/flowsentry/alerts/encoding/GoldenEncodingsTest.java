package dev.flowsentry.alerts.encoding;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every encoding of an alert of each type and state, byte for byte as reviewed. */
class GoldenEncodingsTest {

    private static final String VERSION = "0.1.0";

    static Stream<Arguments> samples() {
        return SampleAlerts.all().entrySet().stream()
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void ecsDocumentMatchesGoldenFile(String name, Alert alert) throws IOException {
        Golden.assertJson("ecs/" + name + ".json", new EcsAlertEncoder().toNode(alert));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void cefLineMatchesGoldenFile(String name, Alert alert) throws IOException {
        Golden.assertLine("cef/" + name + ".cef", new CefAlertEncoder(VERSION).encode(alert));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void ocsfFindingMatchesGoldenFile(String name, Alert alert) throws IOException {
        Golden.assertJson("ocsf/" + name + ".json", new OcsfAlertEncoder(VERSION).toNode(alert));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void flatJsonMatchesGoldenFile(String name, Alert alert) throws IOException {
        Golden.assertJson("json/" + name + ".json", new JsonAlertEncoder().toNode(alert));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void textLineMatchesGoldenFile(String name, Alert alert) throws IOException {
        Golden.assertLine("text/" + name + ".txt", new TextAlertFormatter(false).format(alert));
    }
}
