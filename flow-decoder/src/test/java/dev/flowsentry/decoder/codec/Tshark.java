package dev.flowsentry.decoder.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.pcap.Packet;
import dev.flowsentry.traffic.pcap.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wireshark's NetFlow/IPFIX dissector ({@code tshark -d udp.port==PORT,cflow -T json}), an
 * independent decoder to compare with: export datagrams go into a capture as UDP packets, and
 * tshark's view of each comes back as header fields and flow records.
 */
final class Tshark {

    static final int PORT = 2055;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tshark() {}

    /** One export datagram as it goes into the capture: who sent it and its bytes. */
    record Datagram(IpAddress exporter, byte[] bytes) {}

    /** tshark's view of one datagram: header fields and the flows that carry addresses. */
    record Dissected(Map<String, String> header, List<Map<String, String>> flows) {}

    static List<Dissected> dissect(List<Datagram> datagrams, Path directory)
            throws IOException, InterruptedException {
        Path pcap = directory.resolve("export.pcap");
        try (PcapWriter writer = PcapWriter.create(pcap)) {
            Instant time = Instant.parse("2024-01-01T00:00:00Z");
            for (Datagram datagram : datagrams) {
                time = time.plusMillis(1);
                writer.write(
                        Packet.udp(datagram.exporter(), 40000, IpAddress.parse("192.0.2.250"), PORT)
                                .payload(datagram.bytes())
                                .at(time)
                                .build());
            }
        }
        JsonNode packets = JSON.readTree(run(pcap, directory));
        List<Dissected> dissected = new ArrayList<>();
        for (JsonNode packet : packets) {
            dissected.add(dissect(packet.path("_source").path("layers").path("cflow")));
        }
        return dissected;
    }

    private static Dissected dissect(JsonNode cflow) {
        Map<String, String> header = new LinkedHashMap<>();
        List<Map<String, String>> flows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cflow.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith("pdu ")) {
                addFlow(flows, entry.getValue());
            } else if (key.startsWith("FlowSet ") || key.startsWith("Set ")) {
                for (Iterator<Map.Entry<String, JsonNode>> records = entry.getValue().fields();
                        records.hasNext(); ) {
                    Map.Entry<String, JsonNode> record = records.next();
                    if (record.getKey().startsWith("Flow ")) {
                        addFlow(flows, record.getValue());
                    }
                }
            } else {
                flatten(entry.getKey(), entry.getValue(), header);
            }
        }
        return new Dissected(header, flows);
    }

    private static void addFlow(List<Map<String, String>> flows, JsonNode flow) {
        Map<String, String> fields = new LinkedHashMap<>();
        flow.fields().forEachRemaining(field -> flatten(field.getKey(), field.getValue(), fields));
        if (fields.containsKey("cflow.srcaddr") || fields.containsKey("cflow.srcaddrv6")) {
            flows.add(fields);
        }
    }

    private static void flatten(String key, JsonNode value, Map<String, String> into) {
        if (value.isObject()) {
            value.fields()
                    .forEachRemaining(field -> flatten(field.getKey(), field.getValue(), into));
        } else if (value.isTextual()) {
            into.putIfAbsent(key, value.asText());
        } else if (value.isArray() && !value.isEmpty()) {
            flatten(key, value.get(0), into); // the first of repeated fields
        }
    }

    private static byte[] run(Path pcap, Path directory) throws IOException, InterruptedException {
        Path output = directory.resolve("tshark.json");
        Process process =
                new ProcessBuilder(
                                "tshark",
                                "-r",
                                pcap.toString(),
                                "-d",
                                "udp.port==" + PORT + ",cflow",
                                "-T",
                                "json",
                                // Repeated fields (a template with two destination ports) become
                                // arrays instead of keys that overwrite each other.
                                "--no-duplicate-keys")
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(output.toFile())
                        .redirectError(directory.resolve("tshark.log").toFile())
                        .start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("tshark failed on " + pcap + ", see tshark.log");
            }
            return java.nio.file.Files.readAllBytes(output);
        } finally {
            process.destroyForcibly();
        }
    }
}
