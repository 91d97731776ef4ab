package dev.flowsentry.decoder.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Flows that carry their identity in their 5-tuple, so that a consumer of the topic can tell which
 * flows landed, and a duplicate shows: flow {@code index} of stream {@code stream} goes from {@code
 * 10.i2.i1.i0} (the index's three low bytes) to {@code 172.16.stream.(1 + index >> 24)}.
 */
final class FlowIdentity {

    /** Streams 0..255, each up to 2^26 flows. */
    static final long MAX_INDEX = 1L << 26;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FlowIdentity() {}

    /** The identity of flow {@code index} of {@code stream}. */
    static long of(int stream, long index) {
        return ((long) stream << 32) | index;
    }

    /** A TCP flow of {@code stream} numbered {@code index} that ended at {@code endMs}. */
    static FlowRecord flow(IpAddress exporter, int stream, long index, long endMs) {
        if (stream < 0 || stream > 255 || index < 0 || index >= MAX_INDEX) {
            throw new IllegalArgumentException("stream or index out of range");
        }
        int source = 0x0A000000 | (int) (index & 0xFFFFFF);
        int destination = 0xAC100000 | (stream << 8) | (int) (1 + (index >> 24));
        return FlowRecord.builder()
                .exporter(exporter)
                .version(9)
                .flowStartMs(endMs - 1000)
                .flowEndMs(endMs)
                .receivedMs(endMs)
                .srcAddr(IpAddress.ofIpv4(source))
                .dstAddr(IpAddress.ofIpv4(destination))
                .srcPort(40000)
                .dstPort(443)
                .protocol(6)
                .packets(3)
                .bytes(180)
                .tcpFlags(0x1B)
                .build();
    }

    /** The identity of a landed flow record (its JSON), or -1 when it is not one of ours. */
    static long ofJson(byte[] json) {
        JsonNode record;
        try {
            record = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] source = octets(record.path("src_addr").asText());
        int[] destination = octets(record.path("dst_addr").asText());
        if (source == null || destination == null || source[0] != 10 || destination[0] != 172) {
            return -1;
        }
        long index =
                ((long) (destination[3] - 1) << 24)
                        | ((long) source[1] << 16)
                        | ((long) source[2] << 8)
                        | source[3];
        return of(destination[2], index);
    }

    private static int[] octets(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            octets[i] = Integer.parseInt(parts[i]);
        }
        return octets;
    }
}
