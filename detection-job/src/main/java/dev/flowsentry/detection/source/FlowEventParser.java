package dev.flowsentry.detection.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.flow.InvalidFlowRecordException;
import dev.flowsentry.flow.IpAddress;
import java.io.IOException;

/**
 * Reads only the fields the detectors need from a flows-topic record (the {@link FlowRecordJson}
 * contract) straight into a {@link FlowEvent}: a byte scanner for the flat objects the decoder
 * writes ({@link FlatRecordScanner}), streaming Jackson for anything else; IPv4 addresses parsed
 * without creating strings, counters scaled by the sampling rate, every other field skipped.
 *
 * <p>Rejects what a detector cannot use or should not trust: bytes that are not a JSON object, a
 * missing address or end time, and absurd values (negative counters, ports beyond 65535, a protocol
 * beyond 255, a sampling rate below 1). Not thread-safe; one per deserializer.
 */
public final class FlowEventParser {

    /** Largest accepted packet count of one flow record before scaling: 2^40. */
    public static final long MAX_PACKETS = 1L << 40;

    /** Largest accepted byte count of one flow record before scaling: 2^50. */
    public static final long MAX_BYTES = 1L << 50;

    /** Largest accepted sampling rate: 1 in 2^24 packets. */
    public static final long MAX_SAMPLING_RATE = 1L << 24;

    private static final JsonFactory FACTORY = new JsonFactory();

    private final long[] address = new long[2];
    private final FlatRecordScanner scanner = new FlatRecordScanner();

    /**
     * Fills {@code event} from {@code json}.
     *
     * @throws InvalidFlowRecordException when the record is malformed or holds absurd values
     */
    public void parse(byte[] json, FlowEvent event) throws InvalidFlowRecordException {
        if (json == null || json.length == 0) {
            throw new InvalidFlowRecordException("empty flow record");
        }
        if (scanner.scan(json, event)) {
            return;
        }
        clear(event);
        try (JsonParser parser = FACTORY.createParser(json)) {
            read(parser, event);
        } catch (IOException e) {
            throw new InvalidFlowRecordException("malformed flow record JSON", e);
        }
    }

    /** Undoes what the fast path may have filled before it gave up. */
    private static void clear(FlowEvent event) {
        event.srcPort = 0;
        event.dstPort = 0;
        event.protocol = 0;
        event.tcpFlags = -1;
        event.icmpType = -1;
        event.packets = 0;
        event.bytes = 0;
        event.samplingRate = 1;
        event.endMs = 0;
    }

    private void read(JsonParser parser, FlowEvent event)
            throws IOException, InvalidFlowRecordException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidFlowRecordException("a flow record is a JSON object");
        }
        long packets = 0;
        long bytes = 0;
        long samplingRate = 1;
        int required = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case FlowRecordJson.SRC_ADDR -> {
                    address(parser, name);
                    event.srcHigh = address[0];
                    event.srcLow = address[1];
                    required |= 1;
                }
                case FlowRecordJson.DST_ADDR -> {
                    address(parser, name);
                    event.dstHigh = address[0];
                    event.dstLow = address[1];
                    required |= 2;
                }
                case FlowRecordJson.FLOW_END_MS -> {
                    event.endMs = number(parser, name, 1, Long.MAX_VALUE);
                    required |= 4;
                }
                case FlowRecordJson.SRC_PORT ->
                        event.srcPort = (int) number(parser, name, 0, 65535);
                case FlowRecordJson.DST_PORT ->
                        event.dstPort = (int) number(parser, name, 0, 65535);
                case FlowRecordJson.PROTOCOL -> event.protocol = (int) number(parser, name, 0, 255);
                case FlowRecordJson.TCP_FLAGS ->
                        event.tcpFlags = (int) number(parser, name, 0, 511);
                case FlowRecordJson.ICMP_TYPE ->
                        event.icmpType = (int) number(parser, name, 0, 255);
                case FlowRecordJson.PACKETS -> packets = number(parser, name, 0, MAX_PACKETS);
                case FlowRecordJson.BYTES -> bytes = number(parser, name, 0, MAX_BYTES);
                case FlowRecordJson.SAMPLING_RATE ->
                        samplingRate = number(parser, name, 1, MAX_SAMPLING_RATE);
                default -> parser.skipChildren();
            }
        }
        if (required != 7) {
            throw new InvalidFlowRecordException(
                    "flow record lacks src_addr, dst_addr or flow_end_ms");
        }
        event.packets = packets * samplingRate;
        event.bytes = bytes * samplingRate;
        event.samplingRate = samplingRate;
    }

    private static long number(JsonParser parser, String name, long min, long max)
            throws IOException, InvalidFlowRecordException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidFlowRecordException(name + " must be an integer");
        }
        long value = parser.getLongValue();
        if (value < min || value > max) {
            throw new InvalidFlowRecordException(
                    name + " must be from " + min + " to " + max + ", found " + value);
        }
        return value;
    }

    private void address(JsonParser parser, String name)
            throws IOException, InvalidFlowRecordException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new InvalidFlowRecordException(name + " must be an IP address string");
        }
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        int ipv4 = parseIpv4(text, offset, length);
        if (ipv4 != -1 || isAllOnes(text, offset, length)) {
            address[0] = HostAddress.IPV4_HIGH;
            address[1] = HostAddress.ipv4Low(ipv4);
            return;
        }
        try {
            IpAddress parsed = IpAddress.parse(new String(text, offset, length));
            address[0] = HostAddress.high(parsed);
            address[1] = HostAddress.low(parsed);
        } catch (IllegalArgumentException e) {
            throw new InvalidFlowRecordException(name + " is not an IP address", e);
        }
    }

    /** A dotted quad as 32 bits, or -1 when the text is not one (or is 255.255.255.255). */
    static int parseIpv4(char[] text, int offset, int length) {
        int address = 0;
        int octets = 0;
        int value = 0;
        int digits = 0;
        for (int i = offset; i < offset + length; i++) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && octets < 3) {
                address = (address << 8) | value;
                octets++;
                value = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (octets != 3 || digits == 0) {
            return -1;
        }
        return (address << 8) | value;
    }

    private static boolean isAllOnes(char[] text, int offset, int length) {
        return length == 15 && new String(text, offset, length).equals("255.255.255.255");
    }
}
