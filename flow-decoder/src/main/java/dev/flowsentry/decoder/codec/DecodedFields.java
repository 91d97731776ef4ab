package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every field of one decoded data or options record, as a view over the export datagram: what a
 * {@link DecodedRecordListener} receives, for conformance tests and troubleshooting. It carries
 * what the flow record contract does not (enterprise elements, application ids, interface names,
 * NAT addresses...).
 *
 * <p>The view is reused for the next record: read it inside the listener call, copy what must
 * outlive it. Values are read on demand, so the normal decoding path pays nothing for it unless a
 * listener is set.
 */
public final class DecodedFields {

    private static final int INITIAL_CAPACITY = 32;

    private IpAddress exporter;
    private int version;
    private long observationDomain;
    private int templateId;
    private boolean options;
    private byte[] data;
    private int size;
    private int[] elementIds = new int[INITIAL_CAPACITY];
    private long[] enterpriseNumbers = new long[INITIAL_CAPACITY];
    private int[] offsets = new int[INITIAL_CAPACITY];
    private int[] lengths = new int[INITIAL_CAPACITY];
    private boolean[] scopes = new boolean[INITIAL_CAPACITY];

    DecodedFields() {}

    void reset(IpAddress exporter, int version, Template template, byte[] data) {
        this.exporter = exporter;
        this.version = version;
        this.observationDomain = template.observationDomain;
        this.templateId = template.templateId;
        this.options = template.options;
        this.data = data;
        this.size = 0;
    }

    void add(int elementId, long enterpriseNumber, boolean scope, int offset, int length) {
        if (size == elementIds.length) {
            int capacity = size * 2;
            elementIds = Arrays.copyOf(elementIds, capacity);
            enterpriseNumbers = Arrays.copyOf(enterpriseNumbers, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            scopes = Arrays.copyOf(scopes, capacity);
        }
        elementIds[size] = elementId;
        enterpriseNumbers[size] = enterpriseNumber;
        offsets[size] = offset;
        lengths[size] = length;
        scopes[size] = scope;
        size++;
    }

    public IpAddress exporter() {
        return exporter;
    }

    /** Export protocol: 5, 9 or 10. */
    public int version() {
        return version;
    }

    public long observationDomain() {
        return observationDomain;
    }

    /** Template id of the record; 0 for NetFlow v5. */
    public int templateId() {
        return templateId;
    }

    /** Whether this is an options data record rather than a flow data record. */
    public boolean isOptions() {
        return options;
    }

    /** Number of fields, in template order (duplicates included). */
    public int size() {
        return size;
    }

    /**
     * The information element id (enterprise bit cleared). For scope fields of NetFlow v9 options
     * records it is the scope type (1 system, 2 interface, 3 line card, 4 cache, 5 template).
     */
    public int elementId(int index) {
        return elementIds[checked(index)];
    }

    /** The IANA Private Enterprise Number of the element, 0 for IANA elements. */
    public long enterpriseNumber(int index) {
        return enterpriseNumbers[checked(index)];
    }

    public boolean isScope(int index) {
        return scopes[checked(index)];
    }

    /** The field's length in this record (for a variable-length field, its actual length). */
    public int length(int index) {
        return lengths[checked(index)];
    }

    /** The value as an unsigned big-endian number; for fields longer than 8 bytes, the last 8. */
    public long unsigned(int index) {
        int length = lengths[checked(index)];
        int start = offsets[index] + Math.max(0, length - 8);
        long value = 0;
        for (int i = start; i < offsets[index] + length; i++) {
            value = (value << 8) | (data[i] & 0xFF);
        }
        return value;
    }

    /** A copy of the value's bytes. */
    public byte[] bytes(int index) {
        int offset = offsets[checked(index)];
        return Arrays.copyOfRange(data, offset, offset + lengths[index]);
    }

    /** The value as UTF-8 text, without the trailing NUL bytes that exporters pad strings with. */
    public String text(int index) {
        int offset = offsets[checked(index)];
        int end = offset + lengths[index];
        while (end > offset && data[end - 1] == 0) {
            end--;
        }
        return new String(data, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The value as an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
    public IpAddress address(int index) {
        return IpAddress.ofBytes(data, offsets[checked(index)], lengths[index]);
    }

    /** Index of the first field with this enterprise number and element id, or -1. */
    public int indexOf(long enterpriseNumber, int elementId) {
        for (int i = 0; i < size; i++) {
            if (elementIds[i] == elementId && enterpriseNumbers[i] == enterpriseNumber) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first non-scope IANA field with this element id, or -1. */
    public int indexOf(int elementId) {
        for (int i = 0; i < size; i++) {
            if (elementIds[i] == elementId && enterpriseNumbers[i] == 0 && !scopes[i]) {
                return i;
            }
        }
        return -1;
    }

    private int checked(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(
                    "field index " + index + " outside 0.." + (size - 1));
        }
        return index;
    }

    /** Lists the fields as {@code [pen/]id=hex} for troubleshooting. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("template ").append(templateId).append(" {");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(scopes[i] ? "scope " : "");
            if (enterpriseNumbers[i] != 0) {
                text.append(enterpriseNumbers[i]).append('/');
            }
            text.append(elementIds[i]).append('=');
            for (int j = offsets[i]; j < offsets[i] + lengths[i]; j++) {
                text.append(Character.forDigit((data[j] >> 4) & 0xF, 16))
                        .append(Character.forDigit(data[j] & 0xF, 16));
            }
        }
        return text.append('}').toString();
    }
}
