package dev.flowsentry.decoder.codec;

import dev.flowsentry.decoder.codec.NetFlowDecodeException.Reason;
import dev.flowsentry.flow.FlowRecord;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Reads template-based export messages: NetFlow v9 (RFC 3954) and IPFIX (RFC 7011). Walks the sets,
 * learns, refreshes and withdraws templates, decodes data sets with their template or holds them
 * until it arrives, and accounts for sequence numbers.
 */
final class TemplateMessageReader {

    private static final int NETFLOW_V9_HEADER_LENGTH = 20;
    private static final int IPFIX_HEADER_LENGTH = 16;
    private static final int MINIMUM_DATA_SET_ID = 256;

    private final DecoderSettings settings;
    private final DecoderCounters counters;
    private final RecordDecoder records;
    private final TemplateCache cache;

    // The message being read.
    private ExporterState state;
    private DomainState domain;
    private int version;
    private long observationDomain;
    private long sequence;
    private long exportMs;
    private long sysUptimeMs;
    private long receivedMs;
    private int base;
    private int currentTemplateId;
    private long dataRecords;
    private long optionsRecords;
    private boolean recordCountKnown;

    TemplateMessageReader(
            DecoderSettings settings,
            DecoderCounters counters,
            RecordDecoder records,
            TemplateCache cache) {
        this.settings = settings;
        this.counters = counters;
        this.records = records;
        this.cache = cache;
    }

    /** Decodes one NetFlow v9 or IPFIX message of {@code length} bytes at {@code offset}. */
    void decode(
            ExporterState exporterState,
            int exportVersion,
            byte[] data,
            int offset,
            int length,
            long received,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        state = exporterState;
        version = exportVersion;
        base = offset;
        receivedMs = received;
        currentTemplateId = -1;
        observationDomain = 0;
        int end = readHeader(data, offset, length);
        domain = state.domain(version, observationDomain, settings);
        if (version == 9 && SequenceAccounting.check(domain, sequence, settings, counters)) {
            domain.expectedSequence = (sequence + 1) & 0xFFFF_FFFFL;
        }
        dataRecords = 0;
        optionsRecords = 0;
        recordCountKnown = true;
        beginMessage();
        boolean complete = false;
        try {
            readSets(data, offset + headerLength(), end, out);
            complete = true;
        } finally {
            if (version == 10 && domain != null) {
                accountIpfixSequence(complete);
            }
        }
    }

    private void accountIpfixSequence(boolean complete) {
        if (complete && recordCountKnown) {
            SequenceAccounting.checkIpfix(
                    domain, sequence, dataRecords, optionsRecords, settings, counters);
        } else {
            // Records held for a template or lost to a fault: the count is unknown, resync.
            domain.previousSequence = DomainState.UNKNOWN;
        }
    }

    private int headerLength() {
        return version == 9 ? NETFLOW_V9_HEADER_LENGTH : IPFIX_HEADER_LENGTH;
    }

    /** Reads the message header and returns where the message ends. */
    private int readHeader(byte[] data, int offset, int length) throws NetFlowDecodeException {
        if (length < headerLength()) {
            throw fault(
                    Reason.TRUNCATED_HEADER,
                    "a version "
                            + version
                            + " header needs "
                            + headerLength()
                            + " bytes, found "
                            + length,
                    offset);
        }
        if (version == 9) {
            sysUptimeMs = readU32(data, offset + 4);
            exportMs = readU32(data, offset + 8) * 1000;
            sequence = readU32(data, offset + 12);
            observationDomain = readU32(data, offset + 16);
            return offset + length;
        }
        int messageLength = readU16(data, offset + 2);
        sysUptimeMs = -1;
        exportMs = readU32(data, offset + 4) * 1000;
        sequence = readU32(data, offset + 8);
        observationDomain = readU32(data, offset + 12);
        if (messageLength < IPFIX_HEADER_LENGTH || messageLength > length) {
            throw fault(
                    Reason.LENGTH_MISMATCH,
                    "IPFIX message length " + messageLength + " outside 16.." + length,
                    offset + 2);
        }
        // Bytes after the message (several messages captured as one) are ignored.
        return offset + messageLength;
    }

    private void beginMessage() {
        records.beginMessage(
                state.exporter,
                version,
                observationDomain,
                sequence,
                exportMs,
                sysUptimeMs,
                receivedMs,
                domain,
                state.samplingOverride,
                0);
    }

    private void readSets(byte[] data, int from, int end, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        int at = from;
        while (at < end) {
            currentTemplateId = -1;
            if (end - at < 4 || readU16(data, at + 2) < 4) {
                if (isZeroPadding(data, at, end)) {
                    return; // Palo Alto and others pad the datagram with zeros
                }
                throw fault(Reason.BAD_SET_LENGTH, "set header with a length below 4", at);
            }
            int setId = readU16(data, at);
            int setEnd = at + readU16(data, at + 2);
            readSet(setId, data, at + 4, Math.min(setEnd, end), out);
            if (setEnd > end) {
                throw fault(
                        Reason.BAD_SET_LENGTH,
                        "set " + setId + " ends " + (setEnd - end) + " bytes after the message",
                        at + 2);
            }
            at = setEnd;
        }
    }

    private void readSet(int setId, byte[] data, int from, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        if (setId >= MINIMUM_DATA_SET_ID) {
            readDataSet(setId, data, from, to, out);
        } else if (setId == (version == 9 ? 0 : 2)) {
            readTemplateSet(data, from, to, out);
        } else if (setId == (version == 9 ? 1 : 3)) {
            readOptionsTemplateSet(data, from, to, out);
        }
        // Other set ids below 256 are reserved: skipped.
    }

    private void readDataSet(
            int templateId, byte[] data, int from, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        currentTemplateId = templateId;
        Template template = cache.lookup(state, version, observationDomain, templateId, receivedMs);
        if (template == null) {
            counters.templateMisses().increment();
            recordCountKnown = false;
            cache.hold(
                    state,
                    new HeldDataSet(
                            version,
                            observationDomain,
                            templateId,
                            sequence,
                            exportMs,
                            sysUptimeMs,
                            receivedMs,
                            java.util.Arrays.copyOfRange(data, from, to)),
                    receivedMs);
            return;
        }
        int decoded = records.decodeDataSet(template, data, from, to, out);
        dataRecords += decoded;
        optionsRecords += template.options ? decoded : 0;
    }

    private void readTemplateSet(byte[] data, int from, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        int at = from;
        while (to - at >= 4) {
            if (readU16(data, at) == 0) {
                at += 2; // padding: at the end of the set, or aligning the next template record
                continue;
            }
            int templateId = readU16(data, at);
            int fieldCount = readU16(data, at + 2);
            currentTemplateId = templateId;
            if (fieldCount == 0) {
                withdraw(templateId, false, at);
                at += 4;
                continue;
            }
            requireDataTemplateId(templateId, at);
            requireFieldCount(fieldCount, at + 2);
            FieldList fields = readFields(data, at + 4, to, fieldCount);
            at = fields.end;
            learn(
                    Template.of(
                            version,
                            observationDomain,
                            templateId,
                            false,
                            0,
                            fields.elementIds,
                            fields.enterpriseNumbers,
                            fields.lengths),
                    at,
                    out);
        }
    }

    private void readOptionsTemplateSet(byte[] data, int from, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        int at = from;
        while (to - at >= 4) {
            int templateId = readU16(data, at);
            if (templateId == 0) {
                at += 2; // padding: at the end of the set, or aligning the next template record
                continue;
            }
            currentTemplateId = templateId;
            if (version == 10 && readU16(data, at + 2) == 0) {
                withdraw(templateId, true, at);
                at += 4;
                continue;
            }
            if (to - at < 6) {
                return; // padding
            }
            at =
                    version == 9
                            ? readNetFlowOptionsTemplate(data, at, to, out)
                            : readIpfixOptionsTemplate(data, at, to, out);
        }
    }

    /** RFC 3954 section 6.1: scope and option lengths in bytes; scope types of their own. */
    private int readNetFlowOptionsTemplate(byte[] data, int at, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        int templateId = readU16(data, at);
        int scopeLength = readU16(data, at + 2);
        int optionLength = readU16(data, at + 4);
        requireDataTemplateId(templateId, at);
        if (scopeLength + optionLength > to - at - 6) {
            throw fault(Reason.BAD_TEMPLATE, "options template longer than its set", at + 2);
        }
        int scopeCount = scopeLength / 4;
        int fieldCount = scopeCount + optionLength / 4;
        requireFieldCount(fieldCount, at + 2);
        FieldList fields = readFields(data, at + 6, to, fieldCount);
        learn(
                Template.of(
                        version,
                        observationDomain,
                        templateId,
                        true,
                        scopeCount,
                        fields.elementIds,
                        fields.enterpriseNumbers,
                        fields.lengths),
                at,
                out);
        return at + 6 + scopeLength + optionLength;
    }

    /** RFC 7011 section 3.4.2.2: field count, scope field count, then field specifiers. */
    private int readIpfixOptionsTemplate(byte[] data, int at, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        int templateId = readU16(data, at);
        int fieldCount = readU16(data, at + 2);
        int scopeCount = readU16(data, at + 4);
        requireDataTemplateId(templateId, at);
        requireFieldCount(fieldCount, at + 2);
        if (scopeCount > fieldCount) {
            throw fault(
                    Reason.BAD_TEMPLATE,
                    "scope field count " + scopeCount + " above field count " + fieldCount,
                    at + 4);
        }
        FieldList fields = readFields(data, at + 6, to, fieldCount);
        learn(
                Template.of(
                        version,
                        observationDomain,
                        templateId,
                        true,
                        scopeCount,
                        fields.elementIds,
                        fields.enterpriseNumbers,
                        fields.lengths),
                at,
                out);
        return fields.end;
    }

    private void requireDataTemplateId(int templateId, int at) throws NetFlowDecodeException {
        if (templateId < MINIMUM_DATA_SET_ID) {
            throw fault(Reason.BAD_TEMPLATE, "template id " + templateId + " below 256", at);
        }
    }

    private void requireFieldCount(int fieldCount, int at) throws NetFlowDecodeException {
        if (fieldCount > settings.maxFieldsPerTemplate()) {
            throw fault(
                    Reason.TOO_MANY_FIELDS,
                    "template declares "
                            + fieldCount
                            + " fields, more than the "
                            + settings.maxFieldsPerTemplate()
                            + " allowed",
                    at);
        }
    }

    /** Field specifiers (RFC 7011 section 3.2); the count was checked against its bound. */
    private FieldList readFields(byte[] data, int from, int to, int fieldCount)
            throws NetFlowDecodeException {
        if (fieldCount * 4L > to - from) {
            throw fault(
                    Reason.BAD_TEMPLATE,
                    fieldCount + " template fields do not fit in " + (to - from) + " bytes",
                    from);
        }
        FieldList fields = new FieldList(fieldCount);
        int at = from;
        for (int i = 0; i < fieldCount; i++) {
            if (to - at < 4) {
                throw fault(Reason.BAD_TEMPLATE, "template field " + i + " truncated", at);
            }
            int elementId = readU16(data, at);
            fields.lengths[i] = readU16(data, at + 2);
            at += 4;
            if (version == 10 && (elementId & 0x8000) != 0) {
                if (to - at < 4) {
                    throw fault(Reason.BAD_TEMPLATE, "enterprise number truncated", at);
                }
                fields.enterpriseNumbers[i] = readU32(data, at);
                elementId &= 0x7FFF;
                at += 4;
            }
            fields.elementIds[i] = elementId;
        }
        fields.end = at;
        return fields;
    }

    private void learn(Template template, int at, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        if (template.minimumLength == 0) {
            throw fault(Reason.BAD_TEMPLATE, "template whose records have no bytes", at);
        }
        if (!cache.learn(state, template, receivedMs)) {
            throw fault(
                    Reason.TOO_MANY_TEMPLATES,
                    "exporter already has " + settings.maxTemplatesPerExporter() + " templates",
                    at);
        }
        releaseHeld(template, out);
    }

    /** Decodes the data sets that waited for {@code template}, each with its own header. */
    private void releaseHeld(Template template, Consumer<FlowRecord> out) {
        if (state.held.isEmpty()) {
            return;
        }
        for (Iterator<HeldDataSet> it = state.takeHeld(template.key()).iterator(); it.hasNext(); ) {
            HeldDataSet held = it.next();
            counters.heldDataSets().decrement();
            records.beginMessage(
                    state.exporter,
                    held.version,
                    held.observationDomain,
                    held.sequence,
                    held.exportMs,
                    held.sysUptimeMs,
                    held.receivedMs,
                    domain,
                    state.samplingOverride,
                    0);
            try {
                records.decodeDataSet(template, held.records, 0, held.records.length, out);
                counters.heldDataDecoded().increment();
            } catch (NetFlowDecodeException e) {
                counters.decodeError(e.reason());
            }
        }
        beginMessage();
    }

    private void withdraw(int templateId, boolean options, int at) throws NetFlowDecodeException {
        if (version == 9) {
            throw fault(Reason.BAD_TEMPLATE, "template without fields", at);
        }
        // RFC 7011 section 8.1: id 2 (or 3 in an options template set) withdraws them all.
        if (templateId == (options ? 3 : 2)) {
            cache.withdrawAll(state, version, observationDomain, options);
        } else if (templateId >= MINIMUM_DATA_SET_ID) {
            cache.withdraw(state, version, observationDomain, templateId);
        } else {
            throw fault(Reason.BAD_TEMPLATE, "withdrawal of template id " + templateId, at);
        }
    }

    private static boolean isZeroPadding(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private NetFlowDecodeException fault(Reason reason, String message, int at) {
        return new NetFlowDecodeException(
                reason,
                message,
                state.exporter,
                version,
                observationDomain,
                currentTemplateId,
                at - base);
    }

    static int readU16(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    static long readU32(byte[] data, int at) {
        return RecordDecoder.readInt(data, at) & 0xFFFF_FFFFL;
    }

    /** The field specifiers of one template record, read before the template is compiled. */
    private static final class FieldList {
        final int[] elementIds;
        final long[] enterpriseNumbers;
        final int[] lengths;
        int end;

        FieldList(int fieldCount) {
            elementIds = new int[fieldCount];
            enterpriseNumbers = new long[fieldCount];
            lengths = new int[fieldCount];
        }
    }
}
