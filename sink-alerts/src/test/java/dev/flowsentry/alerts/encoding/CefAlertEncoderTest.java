package dev.flowsentry.alerts.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.SampleAlerts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CEF's escaping rules hold for hostile strings, checked with an independent CEF parser. */
class CefAlertEncoderTest {

    private final CefAlertEncoder encoder = new CefAlertEncoder("0.1.0");

    @Test
    void headerEscapesPipeAndBackslashOnly() {
        assertThat(CefAlertEncoder.escapeHeader("a|b\\c=d")).isEqualTo("a\\|b\\\\c=d");
        assertThat(CefAlertEncoder.escapeHeader("line\nbreak")).isEqualTo("line break");
    }

    @Test
    void extensionEscapesBackslashEqualsAndLineBreaks() {
        assertThat(CefAlertEncoder.escapeExtensionValue("a|b\\c=d\re\nf"))
                .isEqualTo("a|b\\\\c\\=d\\re\\nf");
    }

    @Test
    void hostileDeviceVersionStaysOneHeaderField() {
        String line = new CefAlertEncoder("1.0|evil\\").encode(SampleAlerts.synFloodStart());

        List<String> header = parseHeader(line);
        assertThat(header.get(3)).isEqualTo("1.0|evil\\");
        assertThat(header.get(4)).isEqualTo("flowsentry.dos.syn_flood");
    }

    @Test
    void hostileValuesSurviveAParserRoundTrip() {
        Alert alert = SampleAlerts.hostile();

        String line = encoder.encode(alert);

        assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b");
        Map<String, String> extension = parseExtension(line);
        assertThat(extension.get("cs4")).isEqualTo(alert.id());
        assertThat(extension.get("cs5")).isEqualTo(alert.metric());
        assertThat(extension.get("externalId")).isEqualTo(alert.eventId());
        assertThat(extension.get("flexString1")).isEqualTo("grüße ✓ 𝄞  [31mred\u202e");
        assertThat(extension.get("msg")).contains(alert.metric());
    }

    @Test
    void headerCarriesRuleAndCefSeverity() {
        List<String> header = parseHeader(encoder.encode(SampleAlerts.synFloodStart()));

        assertThat(header)
                .containsExactly(
                        "CEF:0",
                        "FlowSentry",
                        "FlowSentry",
                        "0.1.0",
                        "flowsentry.dos.syn_flood",
                        "TCP SYN flood",
                        "10");
    }

    @Test
    void extensionCarriesEndpointsTimesAndLabelledFigures() {
        Alert alert = SampleAlerts.synFloodStart();

        Map<String, String> extension = parseExtension(encoder.encode(alert));

        assertThat(extension)
                .containsEntry("src", "203.0.113.9")
                .containsEntry("dst", "10.0.0.5")
                .containsEntry("dpt", "80")
                .containsEntry("proto", "TCP")
                .containsEntry("cnt", "120000")
                .containsEntry("rt", Long.toString(alert.timestamp().toEpochMilli()))
                .containsEntry("start", Long.toString(alert.start().toEpochMilli()))
                .containsEntry("end", Long.toString(alert.end().toEpochMilli()))
                .containsEntry("act", "start")
                .containsEntry("cat", "dos/syn_flood")
                .containsEntry("cs1Label", "alertType")
                .containsEntry("cs1", "dos")
                .containsEntry("cs2", "syn_flood")
                .containsEntry("cs3", "start")
                .containsEntry("cs6", "T1499.001")
                .containsEntry("cn1Label", "observed")
                .containsEntry("cn1", "120000")
                .containsEntry("cn2", "41")
                .containsEntry("cn3", "1000");
    }

    @Test
    void ipv6AddressesGoToTheLabelledIpv6Fields() {
        Alert alert = SampleAlerts.all().get("dos-volumetric-start-ipv6");

        Map<String, String> extension = parseExtension(encoder.encode(alert));

        assertThat(extension)
                .doesNotContainKeys("src", "dst", "cn2")
                .containsEntry("c6a2", "2001:db8:ffff::1")
                .containsEntry("c6a3", "2001:db8::10")
                .containsEntry("c6a3Label", "Destination IPv6 Address");
    }

    /** Splits the seven header fields at unescaped pipes and unescapes them. */
    static List<String> parseHeader(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (fields.size() < 7) {
            char c = line.charAt(i++);
            if (c == '\\') {
                field.append(line.charAt(i++));
            } else if (c == '|') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        return fields;
    }

    /** Parses {@code key=value} pairs: a key is a word before an unescaped '='. */
    static Map<String, String> parseExtension(String line) {
        int pipes = 0;
        int start = 0;
        for (int i = 0; i < line.length() && pipes < 7; i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == '|') {
                pipes++;
                start = i + 1;
            }
        }
        String extension = line.substring(start);
        List<int[]> keys = new ArrayList<>();
        for (int i = 0; i < extension.length(); i++) {
            if (extension.charAt(i) == '\\') {
                i++;
            } else if (extension.charAt(i) == '=') {
                int keyStart = i;
                while (keyStart > 0 && Character.isLetterOrDigit(extension.charAt(keyStart - 1))) {
                    keyStart--;
                }
                keys.add(new int[] {keyStart, i});
            }
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            int valueEnd = k + 1 < keys.size() ? keys.get(k + 1)[0] - 1 : extension.length();
            String key = extension.substring(keys.get(k)[0], keys.get(k)[1]);
            pairs.put(key, unescape(extension.substring(keys.get(k)[1] + 1, valueEnd)));
        }
        return pairs;
    }

    private static String unescape(String value) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                text.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
