package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link DecodedRecordListener} that copies every data and options record, the way a collector
 * such as logstash's netflow codec lists its events: the test's view of "decode[i].field".
 */
final class CapturedRecords implements DecodedRecordListener {

    final List<Event> events = new ArrayList<>();
    final List<FlowRecord> flows = new ArrayList<>();

    @Override
    public void dataRecord(FlowRecord record, DecodedFields fields) {
        events.add(new Event(false, record, copy(fields)));
    }

    @Override
    public void optionsRecord(DecodedFields fields) {
        events.add(new Event(true, null, copy(fields)));
    }

    private static List<Field> copy(DecodedFields fields) {
        List<Field> copied = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            copied.add(
                    new Field(
                            fields.enterpriseNumber(i),
                            fields.elementId(i),
                            fields.isScope(i),
                            fields.bytes(i)));
        }
        return copied;
    }

    Event event(int index) {
        return events.get(index);
    }

    int size() {
        return events.size();
    }

    void clear() {
        events.clear();
        flows.clear();
    }

    /** One decoded record: options or data, the flow record published (or null), its fields. */
    record Event(boolean options, FlowRecord record, List<Field> fields) {

        Field field(long enterpriseNumber, int elementId) {
            for (Field field : fields) {
                if (field.enterpriseNumber == enterpriseNumber && field.elementId == elementId) {
                    return field;
                }
            }
            throw new AssertionError(
                    "no field " + enterpriseNumber + "/" + elementId + " in " + this);
        }

        Field field(int elementId) {
            return field(0, elementId);
        }

        long unsigned(int elementId) {
            return field(elementId).unsigned();
        }

        long unsigned(long enterpriseNumber, int elementId) {
            return field(enterpriseNumber, elementId).unsigned();
        }

        String text(long enterpriseNumber, int elementId) {
            return field(enterpriseNumber, elementId).text();
        }

        String address(int elementId) {
            return field(elementId).address();
        }

        @Override
        public String toString() {
            return (options ? "options " : "data ") + fields;
        }
    }

    /** One field's value, copied. */
    record Field(long enterpriseNumber, int elementId, boolean scope, byte[] value) {

        long unsigned() {
            long result = 0;
            for (byte b : value) {
                result = (result << 8) | (b & 0xFF);
            }
            return result;
        }

        String text() {
            int end = value.length;
            while (end > 0 && value[end - 1] == 0) {
                end--;
            }
            return new String(value, 0, end, StandardCharsets.UTF_8);
        }

        String address() {
            return IpAddress.ofBytes(value).toString();
        }

        String mac() {
            StringBuilder text = new StringBuilder();
            for (byte b : value) {
                text.append(text.length() == 0 ? "" : ":").append(String.format("%02x", b & 0xFF));
            }
            return text.toString();
        }

        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (byte b : value) {
                hex.append(String.format("%02x", b & 0xFF));
            }
            return (scope ? "scope " : "")
                    + (enterpriseNumber == 0 ? "" : enterpriseNumber + "/")
                    + elementId
                    + "="
                    + hex;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Field that
                    && that.enterpriseNumber == enterpriseNumber
                    && that.elementId == elementId
                    && that.scope == scope
                    && Arrays.equals(that.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value) * 31 + elementId;
        }
    }
}
