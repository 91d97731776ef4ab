package dev.flowsentry.traffic.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.export.TsharkDecoding.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exporter's datagrams decoded by tshark, an independent NetFlow v9 and IPFIX decoder: every
 * field of every record, the sequence numbers per RFC, the template refresh and the sampling
 * options.
 */
class ExportDecodedByTsharkTest {

    @TempDir static Path directory;

    @BeforeAll
    static void requireTshark() {
        assumeTrue(
                TsharkDecoding.isInstalled(),
                "tshark is not installed (deploy/test.sh installs it)");
    }

    @ParameterizedTest
    @EnumSource(ExportProtocol.class)
    void tsharkDecodesEveryFieldOfEveryRecordAsGiven(ExportProtocol protocol) throws Exception {
        List<FlowRecord> flows = ExportFixtures.mixedFlows(300, 20);

        List<Message> messages =
                exportAndDecode(
                        protocol, flows, ExporterSettings.defaults().withProtocol(protocol));

        List<String> decoded = new ArrayList<>();
        for (Message message : messages) {
            for (JsonNode flow : message.flows()) {
                decoded.add(describeDecoded(flow, message));
            }
        }
        // A message carries an IPv4 and an IPv6 data set: records keep their order within each.
        assertThat(decoded)
                .containsExactlyInAnyOrderElementsOf(
                        flows.stream().map(ExportDecodedByTsharkTest::describe).toList());
    }

    @ParameterizedTest
    @EnumSource(ExportProtocol.class)
    void sequenceNumbersCountPacketsInNetflow9AndDataRecordsInIpfix(ExportProtocol protocol)
            throws Exception {
        List<Message> messages =
                exportAndDecode(
                        protocol,
                        ExportFixtures.mixedFlows(300, 20),
                        ExporterSettings.defaults().withProtocol(protocol));

        assertThat(messages).hasSizeGreaterThan(5);
        long dataRecordsBefore = 0;
        for (int index = 0; index < messages.size(); index++) {
            long expected = protocol == ExportProtocol.NETFLOW_V9 ? index : dataRecordsBefore;
            assertThat(messages.get(index).sequence()).as("message %d", index).isEqualTo(expected);
            dataRecordsBefore += messages.get(index).flows().size();
        }
    }

    @ParameterizedTest
    @EnumSource(ExportProtocol.class)
    void templatesComeFirstAndAgainEveryRefreshInterval(ExportProtocol protocol) throws Exception {
        ExporterSettings settings =
                ExporterSettings.defaults()
                        .withProtocol(protocol)
                        .withTemplateRefresh(4, Duration.ofHours(1));

        List<Message> messages =
                exportAndDecode(protocol, ExportFixtures.mixedFlows(300, 20), settings);

        for (int index = 0; index < messages.size(); index++) {
            boolean hasTemplates =
                    messages.get(index).setNames().stream()
                            .anyMatch(name -> name.contains("(Data Template)"));
            assertThat(hasTemplates).as("templates in message %d", index).isEqualTo(index % 4 == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ExportProtocol.class)
    void samplingIsAnnouncedInOptionsData(ExportProtocol protocol) throws Exception {
        ExporterSettings settings =
                ExporterSettings.defaults().withProtocol(protocol).withSamplingRate(100);

        List<Message> messages =
                exportAndDecode(protocol, ExportFixtures.mixedFlows(20, 2), settings);

        assertThat(messages.get(0).setNames()).anyMatch(name -> name.contains("Options Template"));
        assertThat(decodedOptions(protocol, settings))
                .isEqualTo(protocol == ExportProtocol.NETFLOW_V9 ? "100/1" : "1/99");
    }

    /** The first message's sampling options as tshark decodes them: "interval/algorithm|space". */
    private static String decodedOptions(ExportProtocol protocol, ExporterSettings settings)
            throws Exception {
        Path capture = Files.createTempFile(directory, "options", ".pcap");
        ExportFixtures.writeCapture(
                capture, ExportFixtures.export(ExportFixtures.mixedFlows(20, 2), settings));
        Process tshark =
                new ProcessBuilder(
                                "tshark",
                                "-n",
                                "-r",
                                capture.toString(),
                                "-d",
                                "udp.port==2055,cflow",
                                "-T",
                                "fields",
                                "-c",
                                "1",
                                "-e",
                                protocol == ExportProtocol.NETFLOW_V9
                                        ? "cflow.sampling_interval"
                                        : "cflow.sampling_packet_interval",
                                "-e",
                                protocol == ExportProtocol.NETFLOW_V9
                                        ? "cflow.sampling_algorithm"
                                        : "cflow.sampling_packet_space")
                        .redirectErrorStream(false)
                        .start();
        String output = new String(tshark.getInputStream().readAllBytes()).strip();
        tshark.waitFor();
        return output.replace('\t', '/');
    }

    private static List<Message> exportAndDecode(
            ExportProtocol protocol, List<FlowRecord> flows, ExporterSettings settings)
            throws Exception {
        Path capture = Files.createTempFile(directory, protocol.name(), ".pcap");
        ExportFixtures.writeCapture(capture, ExportFixtures.export(flows, settings));
        return TsharkDecoding.decode(capture, ExportFixtures.COLLECTOR_PORT);
    }

    private static String describe(FlowRecord flow) {
        int icmp = flow.isIcmp() ? (flow.icmpType() << 8) | flow.icmpCode() : 0;
        return String.join(
                " ",
                flow.srcAddr().toString(),
                flow.dstAddr().toString(),
                String.valueOf(Math.max(0, flow.srcPort())),
                String.valueOf(Math.max(0, flow.dstPort())),
                String.valueOf(flow.protocol()),
                String.valueOf(Math.max(0, flow.tcpFlags())),
                String.valueOf(Math.max(0, flow.tos())),
                String.valueOf(flow.packets()),
                String.valueOf(flow.bytes()),
                String.valueOf(flow.flowStartMs()),
                String.valueOf(flow.flowEndMs()),
                String.valueOf(Math.max(0, flow.inputIf())),
                String.valueOf(Math.max(0, flow.outputIf())),
                String.valueOf(Math.max(0, flow.srcAs())),
                String.valueOf(Math.max(0, flow.dstAs())),
                flow.nextHop() == null
                        ? (flow.srcAddr().isIpv6() ? "::" : "0.0.0.0")
                        : flow.nextHop().toString(),
                String.valueOf(icmp),
                String.valueOf(Math.max(0, flow.direction())));
    }

    private static String describeDecoded(JsonNode flow, Message message) {
        boolean ipv6 = flow.has("cflow.srcaddrv6");
        JsonNode times = flow.path("cflow.timedelta_tree");
        long startMs;
        long endMs;
        if (message.version() == 9) {
            long bootMs = message.exportSeconds() * 1000 - message.sysUptimeMs();
            startMs = bootMs + TsharkDecoding.secondsAsMs(times.path("cflow.timestart").asText());
            endMs = bootMs + TsharkDecoding.secondsAsMs(times.path("cflow.timeend").asText());
        } else {
            startMs = TsharkDecoding.absoluteTimeMs(times.path("cflow.abstimestart").asText());
            endMs = TsharkDecoding.absoluteTimeMs(times.path("cflow.abstimeend").asText());
        }
        int icmp =
                ipv6
                        ? (flow.path("cflow.icmp_ipv6_type").asInt() << 8)
                                | flow.path("cflow.icmp_ipv6_code").asInt()
                        : Integer.decode(flow.path("cflow.icmp_type_code_ipv4").asText());
        return String.join(
                " ",
                IpAddress.parse(flow.path(ipv6 ? "cflow.srcaddrv6" : "cflow.srcaddr").asText())
                        .toString(),
                IpAddress.parse(flow.path(ipv6 ? "cflow.dstaddrv6" : "cflow.dstaddr").asText())
                        .toString(),
                flow.path("cflow.srcport").asText(),
                flow.path("cflow.dstport").asText(),
                flow.path("cflow.protocol").asText(),
                String.valueOf(Integer.decode(flow.path("cflow.tcpflags").asText())),
                String.valueOf(Integer.decode(flow.path("cflow.tos").asText())),
                flow.path("cflow.packets").asText(),
                flow.path("cflow.octets").asText(),
                String.valueOf(startMs),
                String.valueOf(endMs),
                flow.path("cflow.inputint").asText(),
                flow.path("cflow.outputint").asText(),
                flow.path("cflow.srcas").asText(),
                flow.path("cflow.dstas").asText(),
                IpAddress.parse(flow.path(ipv6 ? "cflow.nexthopv6" : "cflow.nexthop").asText())
                        .toString(),
                String.valueOf(icmp),
                flow.path("cflow.direction").asText());
    }
}
