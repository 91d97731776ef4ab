package dev.flowsentry.traffic.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** tshark's decoding of a capture of export datagrams: an independent NetFlow/IPFIX decoder. */
final class TsharkDecoding {

    /** One export message as tshark saw it. */
    record Message(
            int version,
            long sequence,
            long domain,
            long exportSeconds,
            long sysUptimeMs,
            List<String> setNames,
            List<JsonNode> flows) {}

    private static final DateTimeFormatter ABSOLUTE_TIME =
            DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSSSSSSSS", Locale.ENGLISH);

    private TsharkDecoding() {}

    static boolean isInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/tshark"));
    }

    static List<Message> decode(Path capture, int port) throws IOException, InterruptedException {
        Path output = Files.createTempFile(capture.getParent(), "tshark", ".json");
        Process tshark =
                new ProcessBuilder(
                                "tshark",
                                "-n",
                                "-r",
                                capture.toString(),
                                "-d",
                                "udp.port==" + port + ",cflow",
                                "-T",
                                "json")
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (!tshark.waitFor(120, TimeUnit.SECONDS) || tshark.exitValue() != 0) {
            tshark.destroyForcibly();
            throw new IOException("tshark failed on " + capture);
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode packet : new ObjectMapper().readTree(output.toFile())) {
            messages.add(message(packet.path("_source").path("layers").path("cflow")));
        }
        return messages;
    }

    /**
     * tshark's absolute flow times ("Mar 1, 2026 12:00:00.050000000 UTC") in epoch milliseconds.
     */
    static long absoluteTimeMs(String text) {
        String normalised = text.replaceAll("\\s+", " ").replace(" UTC", "");
        return LocalDateTime.parse(normalised, ABSOLUTE_TIME)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    /** tshark's relative times ("86400.450000000" seconds) in milliseconds. */
    static long secondsAsMs(String text) {
        return Math.round(Double.parseDouble(text) * 1000);
    }

    private static Message message(JsonNode cflow) {
        List<String> setNames = new ArrayList<>();
        List<JsonNode> flows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = cflow.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith("FlowSet ") || field.getKey().startsWith("Set ")) {
                setNames.add(field.getKey());
                collectDataFlows(field.getValue(), flows);
            }
        }
        int version = cflow.path("cflow.version").asInt();
        long domain =
                version == 9
                        ? cflow.path("cflow.source_id").asLong()
                        : cflow.path("cflow.od_id").asLong();
        JsonNode timestamp = cflow.path("cflow.timestamp_tree");
        long exportSeconds =
                version == 9
                        ? timestamp.path("cflow.unix_secs").asLong()
                        : timestamp.path("cflow.exporttime").asLong();
        long sysUptimeMs =
                version == 9 ? secondsAsMs(cflow.path("cflow.sysuptime").asText("0")) : 0;
        return new Message(
                version,
                cflow.path("cflow.sequence").asLong(),
                domain,
                exportSeconds,
                sysUptimeMs,
                setNames,
                flows);
    }

    private static void collectDataFlows(JsonNode set, List<JsonNode> flows) {
        int setId = set.path("cflow.flowset_id").asInt();
        if (setId != ExportTemplate.IPV4_TEMPLATE_ID && setId != ExportTemplate.IPV6_TEMPLATE_ID) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = set.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith("Flow ")) {
                flows.add(field.getValue());
            }
        }
    }
}
