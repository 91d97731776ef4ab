package dev.flowsentry.alerts.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.alerts.SampleAlerts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stdout line: readable, coloured only on request, never hijacked by hostile strings. */
class TextAlertFormatterTest {

    @Test
    void plainLineHasNoEscapeSequences() {
        String line = new TextAlertFormatter(false).format(SampleAlerts.synFloodStart());

        assertThat(line)
                .isEqualTo(
                        "2024-05-01T12:00:10Z CRITICAL dos/syn_flood start host=10.0.0.5"
                                + " syn_only_flows_per_second=120000 baseline=40.5 threshold=1000"
                                + " src=203.0.113.9 dst=10.0.0.5:80/tcp id=7f3c2a10-syn-10.0.0.5-0");
    }

    @Test
    void colouredLinePaintsSeverityAndState() {
        String line = new TextAlertFormatter(true).format(SampleAlerts.synFloodStart());

        assertThat(line).contains("\u001b[1;31mCRITICAL").contains("\u001b[1mstart\u001b[0m");
    }

    @Test
    void hostileStringsCannotBreakTheLineOrDriveTheTerminal() {
        String line = new TextAlertFormatter(false).format(SampleAlerts.hostile());

        assertThat(line)
                .doesNotContain("\n", "\r", "\u001b", "\u202e")
                .contains("group=grüße ✓ 𝄞 ?[31mred?");
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(TextAlertFormatter.colourWanted(true, Map.of())).isTrue();
        assertThat(TextAlertFormatter.colourWanted(false, Map.of())).isFalse();
        assertThat(TextAlertFormatter.colourWanted(true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(TextAlertFormatter.colourWanted(true, Map.of("NO_COLOR", ""))).isTrue();
    }
}
