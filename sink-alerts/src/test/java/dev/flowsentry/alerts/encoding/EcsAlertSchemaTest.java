package dev.flowsentry.alerts.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.SampleAlerts;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ECS documents the job writes validate against the published alert-ecs.schema.json. */
class EcsAlertSchemaTest {

    private static JsonSchema schema;
    private final EcsAlertEncoder encoder = new EcsAlertEncoder();

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Alert.class.getResourceAsStream("alert-ecs.schema.json")) {
            assertThat(in).as("alert-ecs.schema.json beside the Alert class").isNotNull();
            SchemaValidatorsConfig config =
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                            .getSchema(in, config);
        }
    }

    static Stream<Arguments> everyKindInEveryState() {
        return Stream.of(AlertKind.values())
                .flatMap(
                        kind ->
                                Stream.of(AlertState.values())
                                        .map(
                                                state ->
                                                        Arguments.of(
                                                                SampleAlerts.synFloodStart()
                                                                        .toBuilder()
                                                                        .kind(kind)
                                                                        .state(state)
                                                                        .build())));
    }

    @ParameterizedTest
    @MethodSource("everyKindInEveryState")
    void everyKindInEveryStateIsValid(Alert alert) {
        assertThat(schema.validate(encoder.toNode(alert))).isEmpty();
    }

    @Test
    void everySampleIsValid() {
        SampleAlerts.all()
                .forEach(
                        (name, alert) ->
                                assertThat(schema.validate(encoder.toNode(alert)))
                                        .as(name)
                                        .isEmpty());
        assertThat(schema.validate(encoder.toNode(SampleAlerts.hostile()))).isEmpty();
    }

    @Test
    void documentWithoutAlertObjectIsRejected() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        document.remove("alert");

        assertThat(messages(document)).anyMatch(message -> message.contains("alert"));
    }

    @Test
    void subtypeOfAnotherTypeIsRejected() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        ((ObjectNode) document.get("alert")).put("subtype", "vertical");

        assertThat(messages(document)).isNotEmpty();
    }

    @Test
    void hostThatIsNoAddressIsRejected() {
        ObjectNode document = encoder.toNode(SampleAlerts.synFloodStart());
        ((ObjectNode) document.get("alert")).put("host", "not-an-address");

        assertThat(messages(document)).anyMatch(message -> message.contains("host"));
    }

    private static Set<String> messages(ObjectNode document) {
        return schema.validate(document).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());
    }
}
