package dev.flowsentry.decoder.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.decoder.codec.Tshark.Datagram;
import dev.flowsentry.decoder.codec.Tshark.Dissected;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder and Wireshark's dissector agree field by field on softflowd's export datagrams and on
 * the real captures in {@code vectors/}: addresses, ports, protocol, packets, bytes, flags and
 * times.
 */
class TsharkComparisonTest {

    @TempDir Path directory;

    private int compared;

    @Test
    void softflowdNetFlowV5AgreesWithTshark() throws Exception {
        Map<String, Integer> disagreements = compareSoftflowd("5");

        assertThat(disagreements).isEmpty();
        assertThat(compared).isEqualTo(DemoCapture.generate(20240301).expected(5).size());
    }

    @Test
    void softflowdNetFlowV9AgreesWithTshark() throws Exception {
        Map<String, Integer> disagreements = compareSoftflowd("9");

        assertThat(disagreements).isEmpty();
        assertThat(compared).isEqualTo(DemoCapture.generate(20240301).expected(9).size());
    }

    @Test
    void softflowdIpfixAgreesWithTshark() throws Exception {
        Map<String, Integer> disagreements = compareSoftflowd("10");

        assertThat(disagreements).isEmpty();
        assertThat(compared).isEqualTo(DemoCapture.generate(20240301).expected(10).size());
    }

    @Test
    void realCapturesAgreeWithTshark() throws Exception {
        List<Datagram> datagrams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int group = 0;
        for (List<String> files : VectorGroups.ALL) {
            IpAddress exporter = IpAddress.ofIpv4(0xC633_6400 | ++group); // 198.51.100.x
            for (String file : files) {
                datagrams.add(new Datagram(exporter, Vectors.load(file)));
                names.add(file);
            }
        }

        Map<String, Integer> disagreements = compare(datagrams, names);

        assertThat(disagreements.keySet()).isEqualTo(VectorGroups.TSHARK_DIFFERS.keySet());
        assertThat(compared).isGreaterThan(400);
    }

    private Map<String, Integer> compareSoftflowd(String version) throws Exception {
        DemoCapture capture = DemoCapture.generate(20240301);
        Path pcap = directory.resolve("demo.pcap");
        capture.write(pcap);
        List<Datagram> datagrams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (byte[] bytes : Softflowd.export(pcap, directory, "-v", version)) {
            names.add("softflowd -v " + version + " #" + datagrams.size());
            datagrams.add(new Datagram(IpAddress.parse("127.0.0.1"), bytes));
        }
        return compare(datagrams, names);
    }

    /** Compares every datagram; returns those whose record counts differ, with our count. */
    private Map<String, Integer> compare(List<Datagram> datagrams, List<String> names)
            throws Exception {
        List<Dissected> dissected = Tshark.dissect(datagrams, directory);
        assertThat(dissected).hasSize(datagrams.size());
        NetFlowDecoder decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withTemplateLifetime(java.time.Duration.ZERO),
                        new DecoderCounters());
        Map<String, Integer> disagreements = new TreeMap<>();
        for (int i = 0; i < datagrams.size(); i++) {
            List<FlowRecord> records = new ArrayList<>();
            Datagram datagram = datagrams.get(i);
            try {
                decoder.decode(
                        datagram.exporter(),
                        datagram.bytes(),
                        0,
                        datagram.bytes().length,
                        0,
                        records::add);
            } catch (NetFlowDecodeException e) {
                // Malformed ones are checked in VectorConformanceTest; compare what was decoded.
            }
            List<Map<String, String>> flows = dissected.get(i).flows();
            if (flows.size() != records.size()) {
                disagreements.put(names.get(i), records.size());
                continue;
            }
            for (int j = 0; j < flows.size(); j++) {
                assertSame(
                        names.get(i) + " record " + j,
                        records.get(j),
                        flows.get(j),
                        dissected.get(i).header());
                compared++;
            }
        }
        return disagreements;
    }

    private static void assertSame(
            String where, FlowRecord record, Map<String, String> flow, Map<String, String> header) {
        assertAddress(
                where + " source",
                record.srcAddr(),
                flow.get("cflow.srcaddr"),
                flow.get("cflow.srcaddrv6"));
        assertAddress(
                where + " destination",
                record.dstAddr(),
                flow.get("cflow.dstaddr"),
                flow.get("cflow.dstaddrv6"));
        assertNumber(where + " source port", record.srcPort(), flow.get("cflow.srcport"));
        assertNumber(where + " destination port", record.dstPort(), flow.get("cflow.dstport"));
        assertNumber(where + " protocol", record.protocol(), flow.get("cflow.protocol"));
        assertNumber(
                where + " packets",
                record.packets(),
                flow.getOrDefault("cflow.packets", flow.get("cflow.packets64")));
        assertNumber(
                where + " bytes",
                record.bytes(),
                flow.getOrDefault("cflow.octets", flow.get("cflow.octets64")));
        if (flow.containsKey("cflow.tcpflags")) {
            assertThat(record.tcpFlags())
                    .as(where + " TCP flags")
                    .isEqualTo(Integer.decode(flow.get("cflow.tcpflags")) & 0xFF);
        }
        assertTimes(where, record, flow, header);
    }

    /** sysUptime-relative times: tshark shows uptimes in seconds; convert as RFC 3954 says. */
    private static void assertTimes(
            String where, FlowRecord record, Map<String, String> flow, Map<String, String> header) {
        String start = flow.get("cflow.timestart");
        String end = flow.get("cflow.timeend");
        if (start == null || end == null) {
            return;
        }
        // Uptimes are 32-bit milliseconds: differences are taken modulo 2^32, as the decoder does
        // across the wrap at 49.7 days (tshark shows the raw values).
        long durationMs = (int) (millis(end) - millis(start));
        assertThat(record.flowEndMs() - record.flowStartMs())
                .as(where + " duration")
                .isEqualTo(durationMs);
        if (header.containsKey("cflow.sysuptime") && header.containsKey("cflow.unix_secs")) {
            long exportMs =
                    Long.parseLong(header.get("cflow.unix_secs")) * 1000
                            + Long.parseLong(header.getOrDefault("cflow.unix_nsecs", "0"))
                                    / 1_000_000;
            long sinceEnd = (int) (millis(header.get("cflow.sysuptime")) - millis(end));
            assertThat(record.flowEndMs()).as(where + " end").isEqualTo(exportMs - sinceEnd);
        }
    }

    private static long millis(String seconds) {
        return new java.math.BigDecimal(seconds)
                .movePointRight(3)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static void assertNumber(String what, long actual, String expected) {
        if (expected != null) {
            assertThat(actual).as(what).isEqualTo(Long.parseLong(expected));
        }
    }

    private static void assertAddress(String what, IpAddress actual, String ipv4, String ipv6) {
        List<IpAddress> candidates = new ArrayList<>();
        if (ipv4 != null) {
            candidates.add(IpAddress.parse(ipv4));
        }
        if (ipv6 != null) {
            candidates.add(IpAddress.parse(ipv6));
        }
        assertThat(candidates).as(what).contains(actual);
    }
}
