package dev.flowsentry.traffic.export;

import dev.flowsentry.flow.FlowRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Packs the flow records of one observation domain (NetFlow v9: one source id) into export
 * messages, as a router's exporting process does: records in the order they end, a message sent
 * when it is full or when its oldest record has waited {@link ExporterSettings#flushInterval()};
 * templates in the first message and again every {@link ExporterSettings#templateRefreshPackets()}
 * messages or {@link ExporterSettings#templateRefreshInterval()}, whichever comes first (RFC 3954
 * section 5; RFC 7011 section 8.4 for UDP).
 *
 * <p>Sequence numbers follow each RFC: NetFlow v9 counts export packets of the source id (RFC 3954
 * section 5.1); IPFIX counts the data records sent before this message in the observation domain,
 * modulo 2^32 (RFC 7011 section 3.1). Not thread-safe.
 */
final class ObservationDomainExporter {

    private static final int NETFLOW_V9_HEADER_BYTES = 20;
    private static final int IPFIX_HEADER_BYTES = 16;
    private static final int SET_HEADER_BYTES = 4;
    private static final long BOOT_BEFORE_FIRST_FLOW_MS = 24L * 3600 * 1000;

    private final ExportProtocol protocol;
    private final long domainId;
    private final ExporterSettings settings;
    private final ExportTemplate ipv4;
    private final ExportTemplate ipv6;
    private final List<FlowRecord> pendingIpv4 = new ArrayList<>();
    private final List<FlowRecord> pendingIpv6 = new ArrayList<>();

    private long bootTimeMs = Long.MIN_VALUE;
    private long messagesSent;
    private long dataRecordsSent;
    private long messagesSinceTemplates;
    private long lastTemplatesMs = Long.MIN_VALUE;
    private long oldestPendingEndMs;

    ObservationDomainExporter(ExportProtocol protocol, long domainId, ExporterSettings settings) {
        this.protocol = protocol;
        this.domainId = domainId;
        this.settings = settings;
        this.ipv4 = ExportTemplate.ipv4(protocol);
        this.ipv6 = ExportTemplate.ipv6(protocol);
    }

    /** Adds a record; returns the message it completed, if adding it had to send one first. */
    Optional<ExportDatagram> add(FlowRecord record) {
        if (bootTimeMs == Long.MIN_VALUE) {
            bootTimeMs = record.flowStartMs() - BOOT_BEFORE_FIRST_FLOW_MS;
        }
        Optional<ExportDatagram> sent = Optional.empty();
        boolean waitedLongEnough =
                hasPending()
                        && record.flowEndMs() - oldestPendingEndMs
                                >= settings.flushInterval().toMillis();
        if (waitedLongEnough || (hasPending() && sizeWith(record) > settings.maxDatagramBytes())) {
            sent = flush();
        }
        if (!hasPending()) {
            oldestPendingEndMs = record.flowEndMs();
        }
        (ipv4.accepts(record) ? pendingIpv4 : pendingIpv6).add(record);
        return sent;
    }

    /** Sends what is pending, if anything. */
    Optional<ExportDatagram> flush() {
        if (!hasPending()) {
            return Optional.empty();
        }
        long exportTimeMs = exportTimeOf(latestPendingEndMs());
        boolean withTemplates = templatesDue(exportTimeMs);
        ByteBuffer buffer = ByteBuffer.allocate(sizeOfPending(withTemplates));
        buffer.position(headerBytes());
        int records = withTemplates ? writeTemplates(buffer) : 0;
        int dataRecords =
                writeDataSet(buffer, ipv4, pendingIpv4) + writeDataSet(buffer, ipv6, pendingIpv6);
        writeHeader(buffer, exportTimeMs, records + dataRecords);
        ExportDatagram datagram =
                new ExportDatagram(buffer.array(), exportTimeMs, dataRecords, withTemplates);
        afterSend(exportTimeMs, withTemplates, dataRecords);
        return Optional.of(datagram);
    }

    long domainId() {
        return domainId;
    }

    private void afterSend(long exportTimeMs, boolean withTemplates, int dataRecords) {
        messagesSent++;
        dataRecordsSent += dataRecords;
        messagesSinceTemplates = withTemplates ? 1 : messagesSinceTemplates + 1;
        if (withTemplates) {
            lastTemplatesMs = exportTimeMs;
        }
        pendingIpv4.clear();
        pendingIpv6.clear();
    }

    private boolean templatesDue(long exportTimeMs) {
        return lastTemplatesMs == Long.MIN_VALUE
                || messagesSinceTemplates >= settings.templateRefreshPackets()
                || exportTimeMs - lastTemplatesMs >= settings.templateRefreshInterval().toMillis();
    }

    private int writeTemplates(ByteBuffer buffer) {
        int start = buffer.position();
        buffer.putShort((short) templateSetId());
        buffer.putShort((short) 0);
        ipv4.writeTemplateRecord(buffer);
        ipv6.writeTemplateRecord(buffer);
        buffer.putShort(start + 2, (short) (buffer.position() - start));
        if (settings.samplingRate() <= 1) {
            return 2;
        }
        SamplingOptions.writeTemplate(buffer, protocol);
        SamplingOptions.writeData(buffer, protocol, domainId, settings.samplingRate());
        return 4;
    }

    private int writeDataSet(ByteBuffer buffer, ExportTemplate template, List<FlowRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        int start = buffer.position();
        buffer.putShort((short) template.templateId());
        buffer.putShort((short) 0);
        for (FlowRecord record : records) {
            template.writeDataRecord(buffer, record, bootTimeMs);
        }
        while ((buffer.position() - start) % 4 != 0) {
            buffer.put((byte) 0);
        }
        buffer.putShort(start + 2, (short) (buffer.position() - start));
        return records.size();
    }

    private void writeHeader(ByteBuffer buffer, long exportTimeMs, int records) {
        int length = buffer.position();
        buffer.position(0);
        buffer.putShort((short) protocol.version());
        if (protocol == ExportProtocol.NETFLOW_V9) {
            buffer.putShort((short) records);
            buffer.putInt((int) (exportTimeMs - bootTimeMs));
            buffer.putInt((int) (exportTimeMs / 1000));
            buffer.putInt((int) messagesSent);
        } else {
            buffer.putShort((short) length);
            buffer.putInt((int) (exportTimeMs / 1000));
            buffer.putInt((int) dataRecordsSent);
        }
        buffer.putInt((int) domainId);
        buffer.position(length);
    }

    /**
     * The header's export time: the latest flow end, rounded up to a whole second so that every
     * sysUptime in the message is at most the header's (NetFlow v9 has no sub-second export time).
     */
    private static long exportTimeOf(long latestEndMs) {
        return Math.floorDiv(latestEndMs + 999, 1000) * 1000;
    }

    private int sizeWith(FlowRecord record) {
        (ipv4.accepts(record) ? pendingIpv4 : pendingIpv6).add(record);
        int size = sizeOfPending(templatesDue(exportTimeOf(record.flowEndMs())));
        (ipv4.accepts(record) ? pendingIpv4 : pendingIpv6).remove(record);
        return size;
    }

    private int sizeOfPending(boolean withTemplates) {
        int size =
                headerBytes()
                        + dataSetBytes(ipv4, pendingIpv4.size())
                        + dataSetBytes(ipv6, pendingIpv6.size());
        if (withTemplates) {
            size +=
                    SET_HEADER_BYTES
                            + ipv4.templateRecordLengthBytes()
                            + ipv6.templateRecordLengthBytes();
            size += settings.samplingRate() > 1 ? SamplingOptions.bytes(protocol) : 0;
        }
        return size;
    }

    private static int dataSetBytes(ExportTemplate template, int records) {
        if (records == 0) {
            return 0;
        }
        int unpadded = SET_HEADER_BYTES + records * template.recordLengthBytes();
        return (unpadded + 3) / 4 * 4;
    }

    private int headerBytes() {
        return protocol == ExportProtocol.NETFLOW_V9 ? NETFLOW_V9_HEADER_BYTES : IPFIX_HEADER_BYTES;
    }

    private int templateSetId() {
        return protocol == ExportProtocol.NETFLOW_V9 ? 0 : 2;
    }

    private boolean hasPending() {
        return !pendingIpv4.isEmpty() || !pendingIpv6.isEmpty();
    }

    private long latestPendingEndMs() {
        long latest = Long.MIN_VALUE;
        for (FlowRecord record : pendingIpv4) {
            latest = Math.max(latest, record.flowEndMs());
        }
        for (FlowRecord record : pendingIpv6) {
            latest = Math.max(latest, record.flowEndMs());
        }
        return latest;
    }
}
