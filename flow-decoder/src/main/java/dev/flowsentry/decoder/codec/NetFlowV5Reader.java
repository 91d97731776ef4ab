package dev.flowsentry.decoder.codec;

import dev.flowsentry.decoder.codec.NetFlowDecodeException.Reason;
import dev.flowsentry.flow.FlowRecord;
import java.util.function.Consumer;

/**
 * Reads NetFlow v5 export datagrams: a 24-byte header and 48-byte records. The record layout is
 * decoded as a fixed template whose fields carry their IPFIX element ids, so that v5 goes through
 * the same field plan as v9.
 */
final class NetFlowV5Reader {

    static final int HEADER_LENGTH = 24;
    static final int RECORD_LENGTH = 48;

    private static final int PADDING_OCTETS = 210;

    /** The v5 record (Cisco's NetFlow v5 format) as IPFIX elements and lengths. */
    private static final Template RECORD_LAYOUT =
            Template.of(
                    5,
                    0,
                    0,
                    false,
                    0,
                    new int[] {
                        InformationElement.SOURCE_IPV4_ADDRESS,
                        InformationElement.DESTINATION_IPV4_ADDRESS,
                        InformationElement.IP_NEXT_HOP_IPV4_ADDRESS,
                        InformationElement.INGRESS_INTERFACE,
                        InformationElement.EGRESS_INTERFACE,
                        InformationElement.PACKET_DELTA_COUNT,
                        InformationElement.OCTET_DELTA_COUNT,
                        InformationElement.FLOW_START_SYS_UP_TIME,
                        InformationElement.FLOW_END_SYS_UP_TIME,
                        InformationElement.SOURCE_TRANSPORT_PORT,
                        InformationElement.DESTINATION_TRANSPORT_PORT,
                        PADDING_OCTETS,
                        InformationElement.TCP_CONTROL_BITS,
                        InformationElement.PROTOCOL_IDENTIFIER,
                        InformationElement.IP_CLASS_OF_SERVICE,
                        InformationElement.BGP_SOURCE_AS_NUMBER,
                        InformationElement.BGP_DESTINATION_AS_NUMBER,
                        InformationElement.SOURCE_IPV4_PREFIX_LENGTH,
                        InformationElement.DESTINATION_IPV4_PREFIX_LENGTH,
                        PADDING_OCTETS
                    },
                    new long[20],
                    new int[] {4, 4, 4, 2, 2, 4, 4, 4, 4, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 2});

    private final DecoderSettings settings;
    private final DecoderCounters counters;
    private final RecordDecoder records;

    NetFlowV5Reader(DecoderSettings settings, DecoderCounters counters, RecordDecoder records) {
        this.settings = settings;
        this.counters = counters;
        this.records = records;
    }

    void decode(
            ExporterState state,
            byte[] data,
            int offset,
            int length,
            long receivedMs,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        if (length < HEADER_LENGTH) {
            throw fault(
                    state,
                    Reason.TRUNCATED_HEADER,
                    "a v5 header needs 24 bytes, found " + length,
                    0);
        }
        int count = TemplateMessageReader.readU16(data, offset + 2);
        if (HEADER_LENGTH + count * RECORD_LENGTH > length) {
            throw fault(
                    state,
                    Reason.LENGTH_MISMATCH,
                    count
                            + " records need "
                            + (HEADER_LENGTH + count * RECORD_LENGTH)
                            + " bytes, the datagram has "
                            + length,
                    2);
        }
        beginMessage(state, data, offset, count, receivedMs);
        int from = offset + HEADER_LENGTH;
        // Bytes after the last counted record are tolerated (some exporters pad).
        records.decodeDataSet(RECORD_LAYOUT, data, from, from + count * RECORD_LENGTH, out);
    }

    /** Reads the header's times, sequence and sampling; accounts for the sequence number. */
    private void beginMessage(
            ExporterState state, byte[] data, int offset, int count, long receivedMs) {
        long sysUptimeMs = TemplateMessageReader.readU32(data, offset + 4);
        long exportMs =
                TemplateMessageReader.readU32(data, offset + 8) * 1000
                        + TemplateMessageReader.readU32(data, offset + 12) / 1_000_000;
        long sequence = TemplateMessageReader.readU32(data, offset + 16);
        int engine = TemplateMessageReader.readU16(data, offset + 20);
        // The low 14 bits are the interval, the top 2 the mode; Juniper sends mode 0 with an
        // interval, so the interval counts whatever the mode.
        long samplingInterval = TemplateMessageReader.readU16(data, offset + 22) & 0x3FFF;
        DomainState domain = state.domain(5, engine, settings);
        if (SequenceAccounting.check(domain, sequence, settings, counters) && domain != null) {
            domain.expectedSequence = (sequence + count) & 0xFFFF_FFFFL;
        }
        records.beginMessage(
                state.exporter,
                5,
                0,
                sequence,
                exportMs,
                sysUptimeMs,
                receivedMs,
                null,
                state.samplingOverride,
                samplingInterval);
    }

    private static NetFlowDecodeException fault(
            ExporterState state, Reason reason, String message, int offset) {
        return new NetFlowDecodeException(reason, message, state.exporter, 5, 0, -1, offset);
    }
}
