package dev.flowsentry.detection.source;

import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.flow.InvalidFlowRecordException;
import dev.flowsentry.flow.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link FlowEventParser}: scans a flat JSON object of integers, plain strings,
 * booleans and nulls (what {@link FlowRecordJson} writes) straight from the bytes, without a
 * tokenizer or a string per field name. Anything else (nested values, escapes, fractions,
 * exponents, malformed JSON) makes {@link #scan} return false, and the caller parses the record
 * again with Jackson, which also words the errors for malformed JSON.
 *
 * <p>Not thread-safe; one per parser.
 */
final class FlatRecordScanner {

    private static final byte[][] NAMES = {
        bytes(FlowRecordJson.SRC_ADDR), bytes(FlowRecordJson.DST_ADDR),
        bytes(FlowRecordJson.FLOW_END_MS), bytes(FlowRecordJson.SRC_PORT),
        bytes(FlowRecordJson.DST_PORT), bytes(FlowRecordJson.PROTOCOL),
        bytes(FlowRecordJson.TCP_FLAGS), bytes(FlowRecordJson.ICMP_TYPE),
        bytes(FlowRecordJson.PACKETS), bytes(FlowRecordJson.BYTES),
        bytes(FlowRecordJson.SAMPLING_RATE)
    };
    private static final int SRC_ADDR = 0;
    private static final int DST_ADDR = 1;
    private static final int FLOW_END_MS = 2;
    private static final int SRC_PORT = 3;
    private static final int DST_PORT = 4;
    private static final int PROTOCOL = 5;
    private static final int TCP_FLAGS = 6;
    private static final int ICMP_TYPE = 7;
    private static final int PACKETS = 8;
    private static final int BYTES = 9;
    private static final int SAMPLING_RATE = 10;
    private static final int UNKNOWN = -1;
    private static final int NO_GUESS = -2;

    /** Names remembered per record, in order. */
    private static final int EXPECTED_NAMES = 40;

    /**
     * The names' indexes by hash ({@link #nameHash}), open addressing: a record has about 20 names,
     * and comparing each with 11 candidates byte by byte was a tenth of the parse.
     */
    private static final int[] NAME_TABLE = nameTable();

    private static final int NAME_TABLE_MASK = NAME_TABLE.length - 1;

    private byte[] json;
    private int position;
    private int stringStart;
    private int stringEnd;
    private int nameHash;
    private long number;
    private long packets;
    private long bytes;
    private long samplingRate;
    private int required;

    /**
     * The previous records' names in order, with their field: the decoder writes the fields in one
     * order, so the name at a position is almost always the one seen there before, recognised by
     * one comparison instead of a scan, a hash and a lookup.
     */
    private final byte[][] expectedNames = new byte[EXPECTED_NAMES][];

    private final int[] expectedFields = new int[EXPECTED_NAMES];
    private int nameIndex;

    /**
     * Fills {@code event} from {@code text}; false when the record needs the full parser.
     *
     * @throws InvalidFlowRecordException when a well-formed record holds an absurd value
     */
    boolean scan(byte[] text, FlowEvent event) throws InvalidFlowRecordException {
        json = text;
        position = 0;
        packets = 0;
        bytes = 0;
        samplingRate = 1;
        required = 0;
        nameIndex = 0;
        if (!skipSpaceTo('{')) {
            return false;
        }
        position++;
        if (!fields(event) || !atEnd()) {
            return false;
        }
        if (required != 7) {
            throw new InvalidFlowRecordException(
                    "flow record lacks src_addr, dst_addr or flow_end_ms");
        }
        event.packets = packets * samplingRate;
        event.bytes = bytes * samplingRate;
        event.samplingRate = samplingRate;
        return true;
    }

    private boolean fields(FlowEvent event) throws InvalidFlowRecordException {
        skipSpace();
        if (position < json.length && json[position] == '}') {
            position++;
            return true;
        }
        while (true) {
            if (!skipSpaceTo('"')) {
                return false;
            }
            int field = expectedField();
            if (field == NO_GUESS) {
                if (!fieldName()) {
                    return false;
                }
                field = fieldOf(stringStart, stringEnd, nameHash);
                learnName(field);
            }
            nameIndex++;
            if (!skipSpaceTo(':')) {
                return false;
            }
            position++;
            if (!value(field, event)) {
                return false;
            }
            skipSpace();
            if (position >= json.length) {
                return false;
            }
            byte next = json[position++];
            if (next == '}') {
                return true;
            }
            if (next != ',') {
                return false;
            }
        }
    }

    private boolean value(int field, FlowEvent event) throws InvalidFlowRecordException {
        skipSpace();
        if (position >= json.length) {
            return false;
        }
        byte first = json[position];
        if (first == '"') {
            return string() && (field == UNKNOWN || stringField(field, event));
        }
        if (first == '-' || (first >= '0' && first <= '9')) {
            return number() && (field == UNKNOWN || numberField(field, event));
        }
        if (literal("null")) {
            return true;
        }
        return (literal("true") || literal("false")) && field == UNKNOWN;
    }

    private boolean stringField(int field, FlowEvent event) throws InvalidFlowRecordException {
        if (field != SRC_ADDR && field != DST_ADDR) {
            return false;
        }
        long high;
        long low;
        int ipv4 = parseIpv4(json, stringStart, stringEnd);
        if (ipv4 != -1) {
            high = HostAddress.IPV4_HIGH;
            low = HostAddress.ipv4Low(ipv4);
        } else {
            String text =
                    new String(
                            json,
                            stringStart,
                            stringEnd - stringStart,
                            StandardCharsets.ISO_8859_1);
            try {
                IpAddress address = IpAddress.parse(text);
                high = HostAddress.high(address);
                low = HostAddress.low(address);
            } catch (IllegalArgumentException e) {
                throw new InvalidFlowRecordException(name(field) + " is not an IP address", e);
            }
        }
        if (field == SRC_ADDR) {
            event.srcHigh = high;
            event.srcLow = low;
            required |= 1;
        } else {
            event.dstHigh = high;
            event.dstLow = low;
            required |= 2;
        }
        return true;
    }

    private boolean numberField(int field, FlowEvent event) throws InvalidFlowRecordException {
        switch (field) {
            case FLOW_END_MS -> {
                event.endMs = checked(field, 1, Long.MAX_VALUE);
                required |= 4;
            }
            case SRC_PORT -> event.srcPort = (int) checked(field, 0, 65535);
            case DST_PORT -> event.dstPort = (int) checked(field, 0, 65535);
            case PROTOCOL -> event.protocol = (int) checked(field, 0, 255);
            case TCP_FLAGS -> event.tcpFlags = (int) checked(field, 0, 511);
            case ICMP_TYPE -> event.icmpType = (int) checked(field, 0, 255);
            case PACKETS -> packets = checked(field, 0, FlowEventParser.MAX_PACKETS);
            case BYTES -> bytes = checked(field, 0, FlowEventParser.MAX_BYTES);
            case SAMPLING_RATE ->
                    samplingRate = checked(field, 1, FlowEventParser.MAX_SAMPLING_RATE);
            default -> {
                return false;
            }
        }
        return true;
    }

    private long checked(int field, long min, long max) throws InvalidFlowRecordException {
        if (number < min || number > max) {
            throw new InvalidFlowRecordException(
                    name(field) + " must be from " + min + " to " + max + ", found " + number);
        }
        return number;
    }

    /** A JSON integer of at most 18 digits; anything else goes to the full parser. */
    private boolean number() {
        byte[] text = json;
        int at = position;
        boolean negative = text[at] == '-';
        if (negative) {
            at++;
        }
        int start = at;
        long value = 0;
        while (at < text.length && text[at] >= '0' && text[at] <= '9') {
            value = value * 10 + (text[at++] - '0');
        }
        position = at;
        int digits = at - start;
        if (digits == 0 || digits > 18 || (digits > 1 && text[start] == '0')) {
            return false;
        }
        if (at < text.length && (text[at] == '.' || text[at] == 'e' || text[at] == 'E')) {
            return false;
        }
        number = negative ? -value : value;
        return true;
    }

    /**
     * The field of the name at {@link #position} when it is the name seen at this place in the
     * previous records (and then skips it), else {@link #NO_GUESS}. A remembered name has no
     * escapes or quotes, so equal bytes followed by a quote are that name.
     */
    private int expectedField() {
        if (nameIndex >= EXPECTED_NAMES || expectedNames[nameIndex] == null) {
            return NO_GUESS;
        }
        byte[] name = expectedNames[nameIndex];
        int start = position + 1;
        int end = start + name.length;
        // A plain loop: Arrays.equals on ranges this short costs more than the comparison.
        if (end < json.length && json[end] == '"' && regionMatches(name, start)) {
            position = end + 1;
            return expectedFields[nameIndex];
        }
        return NO_GUESS;
    }

    private void learnName(int field) {
        if (nameIndex < EXPECTED_NAMES) {
            expectedNames[nameIndex] = Arrays.copyOfRange(json, stringStart, stringEnd);
            expectedFields[nameIndex] = field;
        }
    }

    /** Like {@link #string()}, and the name's hash in {@link #nameHash}. */
    private boolean fieldName() {
        byte[] text = json;
        int start = position + 1;
        int hash = 0;
        for (int at = start; at < text.length; at++) {
            byte c = text[at];
            if (c == '"') {
                return endString(start, at, hash);
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return false;
            }
            hash = hash * 31 + c;
        }
        return false;
    }

    /**
     * A string without escapes or control characters: its bounds without the quotes. The loops keep
     * the position in a local: a field written at every byte cannot stay in a register.
     */
    private boolean string() {
        byte[] text = json;
        int start = position + 1;
        for (int at = start; at < text.length; at++) {
            byte c = text[at];
            if (c == '"') {
                return endString(start, at, 0);
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return false;
            }
        }
        return false;
    }

    private boolean endString(int start, int closingQuote, int hash) {
        stringStart = start;
        stringEnd = closingQuote;
        nameHash = hash;
        position = closingQuote + 1;
        return true;
    }

    private boolean literal(String word) {
        int length = word.length();
        if (position + length > json.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (json[position + i] != word.charAt(i)) {
                return false;
            }
        }
        position += length;
        return true;
    }

    private int fieldOf(int start, int end, int hash) {
        int length = end - start;
        for (int slot = hash & NAME_TABLE_MASK; NAME_TABLE[slot] != UNKNOWN; ) {
            byte[] name = NAMES[NAME_TABLE[slot]];
            if (name.length == length && regionMatches(name, start)) {
                return NAME_TABLE[slot];
            }
            slot = (slot + 1) & NAME_TABLE_MASK;
        }
        return UNKNOWN;
    }

    private static int[] nameTable() {
        int[] table = new int[64];
        Arrays.fill(table, UNKNOWN);
        for (int field = 0; field < NAMES.length; field++) {
            int slot = nameHash(NAMES[field]) & (table.length - 1);
            while (table[slot] != UNKNOWN) {
                slot = (slot + 1) & (table.length - 1);
            }
            table[slot] = field;
        }
        return table;
    }

    /** The hash {@link #fieldName()} computes: {@code h = 31 h + byte}. */
    private static int nameHash(byte[] name) {
        int hash = 0;
        for (byte c : name) {
            hash = hash * 31 + c;
        }
        return hash;
    }

    private boolean regionMatches(byte[] name, int start) {
        for (int i = name.length - 1; i >= 0; i--) {
            if (json[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean skipSpaceTo(char expected) {
        skipSpace();
        return position < json.length && json[position] == expected;
    }

    private void skipSpace() {
        byte[] text = json;
        int at = position;
        while (at < text.length
                && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) {
            at++;
        }
        position = at;
    }

    private boolean atEnd() {
        skipSpace();
        return position == json.length;
    }

    /** A dotted quad as 32 bits, or -1 when the bytes are not one (or are 255.255.255.255). */
    static int parseIpv4(byte[] text, int from, int to) {
        int address = 0;
        int octets = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte c = text[i];
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
        return octets == 3 && digits > 0 ? (address << 8) | value : -1;
    }

    private static String name(int field) {
        return new String(NAMES[field], StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
