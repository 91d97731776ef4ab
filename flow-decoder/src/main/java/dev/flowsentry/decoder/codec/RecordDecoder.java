package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.function.Consumer;

/**
 * Decodes the records of one data set with a compiled {@link Template}: applies each field's {@link
 * FieldAction} to a reused {@link FlowRecord.Builder} and a few scratch values, then resolves
 * times, sampling and ICMP type and hands out one flow record per flow. Options records feed the
 * {@link DomainState} instead.
 *
 * <p>One instance per decoder, reused for every record: no per-field objects, no maps, no boxing.
 */
final class RecordDecoder {

    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    private static final long UPTIME_WRAP_MS = 1L << 32;

    private final DecoderCounters counters;
    private final DecoderSettings settings;
    private final FlowRecord.Builder builder = FlowRecord.builder();
    private final DecodedFields fields = new DecodedFields();
    private final DecodedRecordListener listener;

    // The message being decoded.
    private IpAddress exporter;
    private int version;
    private long observationDomain;
    private long sequence;
    private long exportMs;
    private long sysUptimeMs;
    private long receivedMs;
    private DomainState domain;
    private long samplingOverride;
    private long headerSamplingInterval;

    // The record being decoded.
    private int protocol;
    private int dstPort;
    private int icmpType;
    private int icmpCode;
    private long startUptime;
    private long endUptime;
    private long startMs;
    private long endMs;
    private long systemInitMs;
    private long samplingInterval;
    private long samplerId;
    private long packetInterval;
    private long packetSpace;
    private long samplingSize;
    private long samplingPopulation;
    private long reverseBytes;
    private long flowRecordsOut;
    private long reversePackets;
    private int reverseTcpFlags;
    private int reverseIcmpTypeCode;

    RecordDecoder(
            DecoderSettings settings, DecoderCounters counters, DecodedRecordListener listener) {
        this.settings = settings;
        this.counters = counters;
        this.listener = listener;
    }

    /**
     * Sets the header context of the message whose sets follow.
     *
     * @param sysUptimeMs the header's sysUptime (v5, v9), or -1 for IPFIX
     * @param headerSamplingInterval the v5 header's sampling interval, else 0
     */
    void beginMessage(
            IpAddress exporter,
            int version,
            long observationDomain,
            long sequence,
            long exportMs,
            long sysUptimeMs,
            long receivedMs,
            DomainState domain,
            long samplingOverride,
            long headerSamplingInterval) {
        this.exporter = exporter;
        this.version = version;
        this.observationDomain = observationDomain;
        this.sequence = sequence;
        this.exportMs = exportMs;
        this.sysUptimeMs = sysUptimeMs;
        this.receivedMs = receivedMs;
        this.domain = domain;
        this.samplingOverride = samplingOverride;
        this.headerSamplingInterval = headerSamplingInterval;
    }

    /**
     * Decodes the records of a data set between {@code from} and {@code to}; bytes after the last
     * whole record are set padding.
     *
     * @return the number of data records read (flow, options and address-less ones)
     * @throws NetFlowDecodeException when a variable-length field runs past the set
     */
    int decodeDataSet(Template template, byte[] data, int from, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        flowRecordsOut = 0;
        try {
            if (template.fixedLength > 0 && listener == null && !template.options) {
                return decodeFixed(template, data, from, to, out);
            }
            int records = 0;
            int at = from;
            while (at < to && to - at >= template.minimumLength) {
                at = decodeRecord(template, data, at, to, out);
                records++;
            }
            return records;
        } finally {
            counters.recordsOut(version, flowRecordsOut);
        }
    }

    private int decodeFixed(
            Template template, byte[] data, int from, int to, Consumer<FlowRecord> out) {
        int length = template.fixedLength;
        byte[] actions = template.planActions;
        int[] offsets = template.planOffsets;
        int[] lengths = template.planLengths;
        int records = 0;
        for (int at = from; to - at >= length; at += length) {
            beginRecord();
            for (int i = 0; i < actions.length; i++) {
                apply(actions[i], data, at + offsets[i], lengths[i]);
            }
            finishFlowRecord(out);
            records++;
        }
        return records;
    }

    /** Decodes one record field by field (variable-length fields, options, listener). */
    private int decodeRecord(
            Template template, byte[] data, int from, int to, Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        beginRecord();
        if (listener != null) {
            fields.reset(exporter, version, template, data);
        }
        int at = from;
        for (int i = 0; i < template.elementIds.length; i++) {
            int length = template.lengths[i];
            if (length == InformationElement.VARIABLE_LENGTH) {
                length = variableLength(template, data, at, to);
                at += length < 255 ? 1 : 3;
            }
            if (to - at < length) {
                throw recordFault(template, at, "field " + i + " runs past the end of its set");
            }
            if (template.actions[i] != FieldAction.IGNORE) {
                apply(template.actions[i], data, at, length);
            }
            if (listener != null) {
                fields.add(
                        template.elementIds[i],
                        template.enterpriseNumbers[i],
                        template.isScope(i),
                        at,
                        length);
            }
            at += length;
        }
        if (template.options) {
            finishOptionsRecord();
        } else {
            finishFlowRecord(out);
        }
        return at;
    }

    /** RFC 7011 section 7: one length byte, or 255 followed by a two-byte length. */
    private int variableLength(Template template, byte[] data, int at, int to)
            throws NetFlowDecodeException {
        if (at >= to) {
            throw recordFault(template, at, "variable-length field without its length");
        }
        int length = data[at] & 0xFF;
        if (length < 255) {
            return length;
        }
        if (to - at < 3) {
            throw recordFault(template, at, "variable-length field without its two-byte length");
        }
        return ((data[at + 1] & 0xFF) << 8) | (data[at + 2] & 0xFF);
    }

    private NetFlowDecodeException recordFault(Template template, int offset, String message) {
        return new NetFlowDecodeException(
                NetFlowDecodeException.Reason.BAD_RECORD,
                message,
                exporter,
                version,
                observationDomain,
                template.templateId,
                offset);
    }

    private void beginRecord() {
        builder.reset();
        protocol = 0;
        dstPort = 0;
        icmpType = FlowRecord.ABSENT;
        icmpCode = FlowRecord.ABSENT;
        startUptime = -1;
        endUptime = -1;
        startMs = -1;
        endMs = -1;
        systemInitMs = -1;
        samplingInterval = 0;
        samplerId = -1;
        packetInterval = 0;
        packetSpace = 0;
        samplingSize = 0;
        samplingPopulation = 0;
        reverseBytes = 0;
        reversePackets = 0;
        reverseTcpFlags = FlowRecord.ABSENT;
        reverseIcmpTypeCode = FlowRecord.ABSENT;
    }

    private void apply(byte action, byte[] data, int at, int length) {
        switch (action) {
            case FieldAction.SRC_IPV4 -> sourceAddress(IpAddress.ofIpv4(readInt(data, at)));
            case FieldAction.DST_IPV4 -> destinationAddress(IpAddress.ofIpv4(readInt(data, at)));
            case FieldAction.SRC_IPV6 -> sourceAddress(ipv6(data, at));
            case FieldAction.DST_IPV6 -> destinationAddress(ipv6(data, at));
            case FieldAction.NEXT_HOP_IPV4 -> builder.nextHop(IpAddress.ofIpv4(readInt(data, at)));
            case FieldAction.NEXT_HOP_IPV6 -> builder.nextHop(ipv6(data, at));
            case FieldAction.SRC_MAC -> builder.srcMac(readUnsigned(data, at, 6));
            case FieldAction.DST_MAC -> builder.dstMac(readUnsigned(data, at, 6));
            default -> applyNumber(action, readUnsigned(data, at, length));
        }
    }

    /**
     * Templates with both IPv4 and IPv6 address fields (Procera, Cisco ASA) fill the family that is
     * not in use with zeros: an all-zero address never replaces one already read.
     */
    private void sourceAddress(IpAddress address) {
        if (builder.srcAddr() == null || !isZero(address)) {
            builder.srcAddr(address);
        }
    }

    private void destinationAddress(IpAddress address) {
        if (builder.dstAddr() == null || !isZero(address)) {
            builder.dstAddr(address);
        }
    }

    private static boolean isZero(IpAddress address) {
        return address.high() == 0 && address.low() == 0;
    }

    private void applyNumber(byte action, long value) {
        switch (action) {
            case FieldAction.BYTES -> builder.bytes(counter(value));
            case FieldAction.PACKETS -> builder.packets(counter(value));
            case FieldAction.PROTOCOL -> builder.protocol(protocol = (int) (value & 0xFF));
            case FieldAction.TOS -> builder.tos((int) (value & 0xFF));
            case FieldAction.TCP_FLAGS -> builder.tcpFlags((int) (value & 0xFF));
            case FieldAction.SRC_PORT -> builder.srcPort((int) (value & 0xFFFF));
            case FieldAction.DST_PORT -> builder.dstPort(dstPort = (int) (value & 0xFFFF));
            case FieldAction.SRC_MASK -> builder.srcMask(value <= 128 ? (int) value : -1);
            case FieldAction.DST_MASK -> builder.dstMask(value <= 128 ? (int) value : -1);
            case FieldAction.INPUT_IF -> builder.inputIf(value & 0xFFFF_FFFFL);
            case FieldAction.OUTPUT_IF -> builder.outputIf(value & 0xFFFF_FFFFL);
            case FieldAction.SRC_AS -> builder.srcAs(value & 0xFFFF_FFFFL);
            case FieldAction.DST_AS -> builder.dstAs(value & 0xFFFF_FFFFL);
            case FieldAction.VLAN -> builder.vlan((int) (value & 0xFFF));
            case FieldAction.DIRECTION -> builder.direction(value <= 1 ? (int) value : -1);
            case FieldAction.MPLS_LABEL -> builder.mplsLabel((int) ((value >>> 4) & 0xF_FFFF));
            default -> applyTimeOrSampling(action, value);
        }
    }

    private void applyTimeOrSampling(byte action, long value) {
        switch (action) {
            case FieldAction.ICMP_TYPE_CODE -> {
                icmpType = (int) ((value >>> 8) & 0xFF);
                icmpCode = (int) (value & 0xFF);
            }
            case FieldAction.ICMP_TYPE -> icmpType = (int) (value & 0xFF);
            case FieldAction.ICMP_CODE -> icmpCode = (int) (value & 0xFF);
            case FieldAction.END_UPTIME -> endUptime = value & 0xFFFF_FFFFL;
            case FieldAction.START_UPTIME -> startUptime = value & 0xFFFF_FFFFL;
            case FieldAction.START_SECONDS -> startMs = value * 1000;
            case FieldAction.END_SECONDS -> endMs = value * 1000;
            case FieldAction.START_MILLISECONDS -> startMs = value;
            case FieldAction.END_MILLISECONDS -> endMs = value;
            case FieldAction.START_NTP -> startMs = ntpToMillis(value);
            case FieldAction.END_NTP -> endMs = ntpToMillis(value);
            case FieldAction.START_DELTA_MICROSECONDS -> startMs = exportMs - value / 1000;
            case FieldAction.END_DELTA_MICROSECONDS -> endMs = exportMs - value / 1000;
            case FieldAction.SYSTEM_INIT_MILLISECONDS -> systemInitMs = value;
            default -> applySamplingOrReverse(action, value);
        }
    }

    private void applySamplingOrReverse(byte action, long value) {
        switch (action) {
            case FieldAction.SAMPLING_INTERVAL -> samplingInterval = value;
            case FieldAction.SAMPLER_ID -> samplerId = value;
            case FieldAction.SAMPLING_PACKET_INTERVAL -> packetInterval = value;
            case FieldAction.SAMPLING_PACKET_SPACE -> packetSpace = value;
            case FieldAction.SAMPLING_SIZE -> samplingSize = value;
            case FieldAction.SAMPLING_POPULATION -> samplingPopulation = value;
            case FieldAction.REVERSE_BYTES -> reverseBytes = counter(value);
            case FieldAction.REVERSE_PACKETS -> reversePackets = counter(value);
            case FieldAction.REVERSE_TCP_FLAGS -> reverseTcpFlags = (int) (value & 0xFF);
            case FieldAction.REVERSE_ICMP_TYPE_CODE -> reverseIcmpTypeCode = (int) (value & 0xFFFF);
            default -> {
                // FieldAction.IGNORE
            }
        }
    }

    /** An unsigned64 counter above Long.MAX_VALUE can only be garbage: clamp it. */
    private static long counter(long value) {
        return value < 0 ? Long.MAX_VALUE : value;
    }

    /** NTP timestamp (RFC 7011 section 6.1.10): seconds since 1900 and a 32-bit fraction. */
    private static long ntpToMillis(long value) {
        long seconds = (value >>> 32) - NTP_TO_UNIX_SECONDS;
        long fraction = value & 0xFFFF_FFFFL;
        return seconds * 1000 + ((fraction * 1000) >>> 32);
    }

    private void finishFlowRecord(Consumer<FlowRecord> out) {
        resolveTimes();
        builder.samplingRate(samplingRate());
        resolveIcmp();
        if (builder.srcAddr() == null || builder.dstAddr() == null) {
            counters.recordsWithoutAddresses().increment();
            if (listener != null) {
                listener.dataRecord(null, fields);
            }
            return;
        }
        builder.exporter(exporter)
                .observationDomain(observationDomain)
                .version(version)
                .sequence(sequence)
                .receivedMs(receivedMs);
        publish(builder.build(), out);
    }

    private void resolveIcmp() {
        if (protocol != FlowRecord.PROTOCOL_ICMP && protocol != FlowRecord.PROTOCOL_ICMPV6) {
            return;
        }
        if (icmpType == FlowRecord.ABSENT) {
            // v5 and many v9 exporters put type * 256 + code in the destination port.
            icmpType = dstPort >>> 8;
            icmpCode = dstPort & 0xFF;
        }
        builder.icmpType(icmpType).icmpCode(icmpCode);
    }

    private void publish(FlowRecord record, Consumer<FlowRecord> out) {
        // A biflow whose traffic all went the reverse way (softflowd -b does this) has an empty
        // forward direction: publish only the reverse one.
        boolean forwardEmpty = reversePackets > 0 && record.packets() == 0;
        if (!forwardEmpty) {
            flowRecordsOut++;
            out.accept(record);
        }
        if (listener != null) {
            listener.dataRecord(record, fields);
        }
        if (reversePackets > 0) {
            out.accept(reverse(record));
        }
    }

    /** RFC 5103: the reverse direction of a biflow as its own record. */
    private FlowRecord reverse(FlowRecord forward) {
        builder.from(forward)
                .srcAddr(forward.dstAddr())
                .dstAddr(forward.srcAddr())
                .srcPort(forward.dstPort())
                .dstPort(forward.srcPort())
                .inputIf(forward.outputIf())
                .outputIf(forward.inputIf())
                .srcAs(forward.dstAs())
                .dstAs(forward.srcAs())
                .srcMask(forward.dstMask())
                .dstMask(forward.srcMask())
                .srcMac(forward.dstMac())
                .dstMac(forward.srcMac())
                .packets(reversePackets)
                .bytes(reverseBytes)
                .tcpFlags(reverseTcpFlags);
        if (forward.isIcmp() && reverseIcmpTypeCode != FlowRecord.ABSENT) {
            builder.icmpType(reverseIcmpTypeCode >>> 8).icmpCode(reverseIcmpTypeCode & 0xFF);
        }
        flowRecordsOut++;
        return builder.build();
    }

    private void finishOptionsRecord() {
        counters.optionsRecords().increment();
        if (domain != null) {
            long interval = announcedInterval();
            if (interval > 0 && samplerId >= 0) {
                domain.putSampler(samplerId, interval);
            }
            if (interval > 0) {
                // Also for records that name no sampler: the last announced interval.
                domain.samplingInterval = interval;
            }
            if (systemInitMs >= 0) {
                domain.systemInitMs = systemInitMs;
            }
        }
        if (listener != null) {
            listener.optionsRecord(fields);
        }
    }

    /** The 1-in-N interval a record states itself, or 0 when it states none. */
    private long announcedInterval() {
        if (samplingInterval > 0) {
            return samplingInterval;
        }
        if (packetInterval > 0) {
            // RFC 5476: select packetInterval packets, then skip packetSpace packets.
            return Math.max(
                    1, Math.round((double) (packetInterval + packetSpace) / packetInterval));
        }
        if (samplingSize > 0 && samplingPopulation > 0) {
            return Math.max(1, Math.round((double) samplingPopulation / samplingSize));
        }
        return 0;
    }

    private long samplingRate() {
        if (samplingOverride > 0) {
            return samplingOverride;
        }
        long interval = announcedInterval();
        if (interval <= 0 && headerSamplingInterval > 0) {
            interval = headerSamplingInterval;
        }
        if (interval <= 0 && domain != null) {
            interval = samplerId >= 0 ? domain.samplerInterval(samplerId) : 0;
            interval = interval > 0 ? interval : domain.samplingInterval;
        }
        return interval > 0 ? interval : settings.defaultSamplingRate();
    }

    private void resolveTimes() {
        long start = startMs >= 0 ? startMs : fromUptime(startUptime);
        long end = endMs >= 0 ? endMs : fromUptime(endUptime);
        if (start < 0 && end < 0 && startUptime >= 0 && endUptime >= 0) {
            // IPFIX uptimes without systemInitTimeMilliseconds (MikroTik, Barracuda): the end is
            // unknown, take the export time, and keep the duration the uptimes give.
            end = exportMs;
            start = exportMs - (int) (endUptime - startUptime);
        }
        if (end < 0) {
            end = start >= 0 ? start : exportMs;
        }
        if (start < 0) {
            start = end;
        }
        builder.flowStartMs(Math.max(0, start)).flowEndMs(Math.max(0, end));
    }

    /** Absolute time of a sysUptime-relative value, across the 32-bit wrap at 49.7 days. */
    private long fromUptime(long uptime) {
        if (uptime < 0) {
            return -1;
        }
        if (sysUptimeMs >= 0) {
            // Signed 32-bit difference: right across the wrap, and for a switched time that is
            // slightly after the header's uptime.
            int sinceSwitched = (int) (sysUptimeMs - uptime);
            return exportMs - sinceSwitched;
        }
        long init = systemInitMs >= 0 ? systemInitMs : domain == null ? -1 : domain.systemInitMs;
        if (init < 0) {
            return -1;
        }
        long time = init + uptime;
        while (exportMs - time > UPTIME_WRAP_MS / 2) {
            time += UPTIME_WRAP_MS;
        }
        return time;
    }

    static int readInt(byte[] data, int at) {
        return (data[at] & 0xFF) << 24
                | (data[at + 1] & 0xFF) << 16
                | (data[at + 2] & 0xFF) << 8
                | (data[at + 3] & 0xFF);
    }

    static long readUnsigned(byte[] data, int at, int length) {
        switch (length) {
            case 1:
                return data[at] & 0xFFL;
            case 2:
                return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
            case 4:
                return readInt(data, at) & 0xFFFF_FFFFL;
            case 8:
                return ((long) readInt(data, at) << 32) | (readInt(data, at + 4) & 0xFFFF_FFFFL);
            default:
                long value = 0;
                for (int i = 0; i < length; i++) {
                    value = (value << 8) | (data[at + i] & 0xFF);
                }
                return value;
        }
    }

    private static IpAddress ipv6(byte[] data, int at) {
        return IpAddress.ofIpv6(readUnsigned(data, at, 8), readUnsigned(data, at + 8, 8));
    }
}
