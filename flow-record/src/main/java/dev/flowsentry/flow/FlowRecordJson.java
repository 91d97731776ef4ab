package dev.flowsentry.flow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON encoding of {@link FlowRecord}: one object per Kafka record, snake_case names, optional
 * fields left out when absent. Streaming Jackson on both sides, no data binding, so that the
 * decoder and the job pay little per record.
 *
 * <p>Instances are thread-safe and cheap; share one.
 */
public final class FlowRecordJson {

    public static final String SCHEMA_VERSION = "schema_version";
    public static final String EXPORTER = "exporter";
    public static final String OBSERVATION_DOMAIN = "observation_domain";
    public static final String VERSION = "version";
    public static final String SEQUENCE = "sequence";
    public static final String FLOW_START_MS = "flow_start_ms";
    public static final String FLOW_END_MS = "flow_end_ms";
    public static final String RECEIVED_MS = "received_ms";
    public static final String SRC_ADDR = "src_addr";
    public static final String DST_ADDR = "dst_addr";
    public static final String SRC_PORT = "src_port";
    public static final String DST_PORT = "dst_port";
    public static final String PROTOCOL = "protocol";
    public static final String ICMP_TYPE = "icmp_type";
    public static final String ICMP_CODE = "icmp_code";
    public static final String PACKETS = "packets";
    public static final String BYTES = "bytes";
    public static final String SAMPLING_RATE = "sampling_rate";
    public static final String TCP_FLAGS = "tcp_flags";
    public static final String TOS = "tos";
    public static final String INPUT_IF = "input_if";
    public static final String OUTPUT_IF = "output_if";
    public static final String SRC_AS = "src_as";
    public static final String DST_AS = "dst_as";
    public static final String NEXT_HOP = "next_hop";
    public static final String DIRECTION = "direction";
    public static final String SRC_MASK = "src_mask";
    public static final String DST_MASK = "dst_mask";
    public static final String VLAN = "vlan";
    public static final String MPLS_LABEL = "mpls_label";
    public static final String SRC_MAC = "src_mac";
    public static final String DST_MAC = "dst_mac";

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Encodes one record as UTF-8 JSON. */
    public byte[] toBytes(FlowRecord record) {
        try (ByteArrayBuilder buffer = new ByteArrayBuilder(512);
                JsonGenerator generator = FACTORY.createGenerator(buffer)) {
            write(record, generator);
            generator.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to memory", e);
        }
    }

    /** Encodes one record as a JSON string. */
    public String toJson(FlowRecord record) {
        return new String(toBytes(record), StandardCharsets.UTF_8);
    }

    /** Writes one record as a JSON object to {@code generator}. */
    public void write(FlowRecord record, JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        writeNumber(generator, Names.SCHEMA_VERSION, FlowRecord.SCHEMA_VERSION);
        writeString(generator, Names.EXPORTER, record.exporter().toString());
        writeNumber(generator, Names.OBSERVATION_DOMAIN, record.observationDomain());
        writeNumber(generator, Names.VERSION, record.version());
        writeNumber(generator, Names.SEQUENCE, record.sequence());
        writeNumber(generator, Names.FLOW_START_MS, record.flowStartMs());
        writeNumber(generator, Names.FLOW_END_MS, record.flowEndMs());
        writeNumber(generator, Names.RECEIVED_MS, record.receivedMs());
        writeString(generator, Names.SRC_ADDR, record.srcAddr().toString());
        writeString(generator, Names.DST_ADDR, record.dstAddr().toString());
        writeNumber(generator, Names.SRC_PORT, record.srcPort());
        writeNumber(generator, Names.DST_PORT, record.dstPort());
        writeNumber(generator, Names.PROTOCOL, record.protocol());
        writeOptional(generator, Names.ICMP_TYPE, record.icmpType());
        writeOptional(generator, Names.ICMP_CODE, record.icmpCode());
        writeNumber(generator, Names.PACKETS, record.packets());
        writeNumber(generator, Names.BYTES, record.bytes());
        writeNumber(generator, Names.SAMPLING_RATE, record.samplingRate());
        writeOptional(generator, Names.TCP_FLAGS, record.tcpFlags());
        writeOptional(generator, Names.TOS, record.tos());
        writeOptional(generator, Names.INPUT_IF, record.inputIf());
        writeOptional(generator, Names.OUTPUT_IF, record.outputIf());
        writeOptional(generator, Names.SRC_AS, record.srcAs());
        writeOptional(generator, Names.DST_AS, record.dstAs());
        if (record.nextHop() != null) {
            writeString(generator, Names.NEXT_HOP, record.nextHop().toString());
        }
        writeOptional(generator, Names.DIRECTION, record.direction());
        writeOptional(generator, Names.SRC_MASK, record.srcMask());
        writeOptional(generator, Names.DST_MASK, record.dstMask());
        writeOptional(generator, Names.VLAN, record.vlan());
        writeOptional(generator, Names.MPLS_LABEL, record.mplsLabel());
        if (record.srcMac() != FlowRecord.ABSENT) {
            writeString(generator, Names.SRC_MAC, formatMac(record.srcMac()));
        }
        if (record.dstMac() != FlowRecord.ABSENT) {
            writeString(generator, Names.DST_MAC, formatMac(record.dstMac()));
        }
        generator.writeEndObject();
    }

    /**
     * Decodes one record. Unknown fields are skipped, so that a newer decoder's records stay
     * readable.
     *
     * @throws InvalidFlowRecordException when the bytes are not JSON, a required field is missing
     *     or a field has a value of the wrong kind
     */
    public FlowRecord parse(byte[] json) throws InvalidFlowRecordException {
        return parse(json, 0, json.length);
    }

    /** Decodes one record from {@code length} bytes at {@code offset}. */
    public FlowRecord parse(byte[] json, int offset, int length) throws InvalidFlowRecordException {
        if (json == null || length == 0) {
            throw new InvalidFlowRecordException("empty flow record");
        }
        try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
            return read(parser);
        } catch (InvalidFlowRecordException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidFlowRecordException("malformed flow record: " + e.getMessage(), e);
        }
    }

    private FlowRecord read(JsonParser parser) throws IOException, InvalidFlowRecordException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidFlowRecordException("a flow record is a JSON object");
        }
        FlowRecord.Builder builder = FlowRecord.builder();
        boolean hasVersion = false;
        boolean hasEnd = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case EXPORTER -> builder.exporter(address(parser, name));
                case OBSERVATION_DOMAIN -> builder.observationDomain(number(parser, name));
                case VERSION -> {
                    builder.version((int) number(parser, name));
                    hasVersion = true;
                }
                case SEQUENCE -> builder.sequence(number(parser, name));
                case FLOW_START_MS -> builder.flowStartMs(number(parser, name));
                case FLOW_END_MS -> {
                    builder.flowEndMs(number(parser, name));
                    hasEnd = true;
                }
                case RECEIVED_MS -> builder.receivedMs(number(parser, name));
                case SRC_ADDR -> builder.srcAddr(address(parser, name));
                case DST_ADDR -> builder.dstAddr(address(parser, name));
                case SRC_PORT -> builder.srcPort((int) number(parser, name));
                case DST_PORT -> builder.dstPort((int) number(parser, name));
                case PROTOCOL -> builder.protocol((int) number(parser, name));
                case ICMP_TYPE -> builder.icmpType((int) number(parser, name));
                case ICMP_CODE -> builder.icmpCode((int) number(parser, name));
                case PACKETS -> builder.packets(number(parser, name));
                case BYTES -> builder.bytes(number(parser, name));
                case SAMPLING_RATE -> builder.samplingRate(number(parser, name));
                case TCP_FLAGS -> builder.tcpFlags((int) number(parser, name));
                case TOS -> builder.tos((int) number(parser, name));
                case INPUT_IF -> builder.inputIf(number(parser, name));
                case OUTPUT_IF -> builder.outputIf(number(parser, name));
                case SRC_AS -> builder.srcAs(number(parser, name));
                case DST_AS -> builder.dstAs(number(parser, name));
                case NEXT_HOP -> builder.nextHop(address(parser, name));
                case DIRECTION -> builder.direction((int) number(parser, name));
                case SRC_MASK -> builder.srcMask((int) number(parser, name));
                case DST_MASK -> builder.dstMask((int) number(parser, name));
                case VLAN -> builder.vlan((int) number(parser, name));
                case MPLS_LABEL -> builder.mplsLabel((int) number(parser, name));
                case SRC_MAC -> builder.srcMac(mac(parser, name));
                case DST_MAC -> builder.dstMac(mac(parser, name));
                default -> parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new InvalidFlowRecordException("unterminated flow record object");
        }
        if (!hasVersion || !hasEnd) {
            throw new InvalidFlowRecordException(
                    "flow record lacks required field " + (hasVersion ? FLOW_END_MS : VERSION));
        }
        if (builder.srcAddr() == null || builder.dstAddr() == null) {
            throw new InvalidFlowRecordException("flow record lacks src_addr or dst_addr");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidFlowRecordException("invalid flow record: " + e.getMessage(), e);
        }
    }

    private static long number(JsonParser parser, String name)
            throws IOException, InvalidFlowRecordException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidFlowRecordException(
                    "field " + name + " must be an integer, found " + parser.currentToken());
        }
        return parser.getLongValue();
    }

    private static IpAddress address(JsonParser parser, String name)
            throws IOException, InvalidFlowRecordException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new InvalidFlowRecordException("field " + name + " must be an IP address string");
        }
        try {
            return IpAddress.parse(parser.getText());
        } catch (IllegalArgumentException e) {
            throw new InvalidFlowRecordException("field " + name + ": " + e.getMessage(), e);
        }
    }

    private static long mac(JsonParser parser, String name)
            throws IOException, InvalidFlowRecordException {
        String text = parser.getText();
        if (parser.currentToken() != JsonToken.VALUE_STRING || text.length() != 17) {
            throw new InvalidFlowRecordException("field " + name + " must be a MAC address");
        }
        long value = 0;
        for (int i = 0; i < 17; i += 3) {
            int high = Character.digit(text.charAt(i), 16);
            int low = Character.digit(text.charAt(i + 1), 16);
            if (high < 0 || low < 0 || (i < 15 && text.charAt(i + 2) != ':')) {
                throw new InvalidFlowRecordException("field " + name + " must be a MAC address");
            }
            value = (value << 8) | (high << 4) | low;
        }
        return value;
    }

    private static void writeOptional(JsonGenerator generator, SerializedString name, long value)
            throws IOException {
        if (value != FlowRecord.ABSENT) {
            writeNumber(generator, name, value);
        }
    }

    private static void writeNumber(JsonGenerator generator, SerializedString name, long value)
            throws IOException {
        generator.writeFieldName(name);
        generator.writeNumber(value);
    }

    private static void writeString(JsonGenerator generator, SerializedString name, String value)
            throws IOException {
        generator.writeFieldName(name);
        generator.writeString(value);
    }

    /**
     * The field names pre-encoded: the generator copies their UTF-8 bytes instead of encoding and
     * escaping each name for every record, which the decoder's ingest path feels.
     */
    private static final class Names {
        static final SerializedString SCHEMA_VERSION = of(FlowRecordJson.SCHEMA_VERSION);
        static final SerializedString EXPORTER = of(FlowRecordJson.EXPORTER);
        static final SerializedString OBSERVATION_DOMAIN = of(FlowRecordJson.OBSERVATION_DOMAIN);
        static final SerializedString VERSION = of(FlowRecordJson.VERSION);
        static final SerializedString SEQUENCE = of(FlowRecordJson.SEQUENCE);
        static final SerializedString FLOW_START_MS = of(FlowRecordJson.FLOW_START_MS);
        static final SerializedString FLOW_END_MS = of(FlowRecordJson.FLOW_END_MS);
        static final SerializedString RECEIVED_MS = of(FlowRecordJson.RECEIVED_MS);
        static final SerializedString SRC_ADDR = of(FlowRecordJson.SRC_ADDR);
        static final SerializedString DST_ADDR = of(FlowRecordJson.DST_ADDR);
        static final SerializedString SRC_PORT = of(FlowRecordJson.SRC_PORT);
        static final SerializedString DST_PORT = of(FlowRecordJson.DST_PORT);
        static final SerializedString PROTOCOL = of(FlowRecordJson.PROTOCOL);
        static final SerializedString ICMP_TYPE = of(FlowRecordJson.ICMP_TYPE);
        static final SerializedString ICMP_CODE = of(FlowRecordJson.ICMP_CODE);
        static final SerializedString PACKETS = of(FlowRecordJson.PACKETS);
        static final SerializedString BYTES = of(FlowRecordJson.BYTES);
        static final SerializedString SAMPLING_RATE = of(FlowRecordJson.SAMPLING_RATE);
        static final SerializedString TCP_FLAGS = of(FlowRecordJson.TCP_FLAGS);
        static final SerializedString TOS = of(FlowRecordJson.TOS);
        static final SerializedString INPUT_IF = of(FlowRecordJson.INPUT_IF);
        static final SerializedString OUTPUT_IF = of(FlowRecordJson.OUTPUT_IF);
        static final SerializedString SRC_AS = of(FlowRecordJson.SRC_AS);
        static final SerializedString DST_AS = of(FlowRecordJson.DST_AS);
        static final SerializedString NEXT_HOP = of(FlowRecordJson.NEXT_HOP);
        static final SerializedString DIRECTION = of(FlowRecordJson.DIRECTION);
        static final SerializedString SRC_MASK = of(FlowRecordJson.SRC_MASK);
        static final SerializedString DST_MASK = of(FlowRecordJson.DST_MASK);
        static final SerializedString VLAN = of(FlowRecordJson.VLAN);
        static final SerializedString MPLS_LABEL = of(FlowRecordJson.MPLS_LABEL);
        static final SerializedString SRC_MAC = of(FlowRecordJson.SRC_MAC);
        static final SerializedString DST_MAC = of(FlowRecordJson.DST_MAC);

        private static SerializedString of(String name) {
            return new SerializedString(name);
        }
    }

    /** Formats 48 bits as {@code 00:1b:21:bc:24:dd}. */
    public static String formatMac(long mac) {
        char[] text = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            text[i * 3] = Character.forDigit(octet >>> 4, 16);
            text[i * 3 + 1] = Character.forDigit(octet & 0xF, 16);
            if (i < 5) {
                text[i * 3 + 2] = ':';
            }
        }
        return new String(text);
    }
}
