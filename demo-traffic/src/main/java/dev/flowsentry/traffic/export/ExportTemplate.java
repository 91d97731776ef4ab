package dev.flowsentry.traffic.export;

import static dev.flowsentry.traffic.export.TemplateField.*;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The data templates the exporter announces, one for IPv4 and one for IPv6 flows per protocol, and
 * the encoding of a flow record by them. Optional fields a record lacks ({@link FlowRecord#ABSENT})
 * are sent as zero, as exporters do for fields they do not know.
 */
final class ExportTemplate {

    static final int IPV4_TEMPLATE_ID = 256;
    static final int IPV6_TEMPLATE_ID = 257;
    static final int SAMPLING_OPTIONS_TEMPLATE_ID = 258;

    private final int templateId;
    private final ExportProtocol protocol;
    private final boolean ipv6;
    private final List<TemplateField> fields;
    private final int recordLengthBytes;

    private ExportTemplate(int templateId, ExportProtocol protocol, boolean ipv6) {
        this.templateId = templateId;
        this.protocol = protocol;
        this.ipv6 = ipv6;
        this.fields = fieldsOf(protocol, ipv6);
        this.recordLengthBytes = fields.stream().mapToInt(TemplateField::lengthBytes).sum();
    }

    static ExportTemplate ipv4(ExportProtocol protocol) {
        return new ExportTemplate(IPV4_TEMPLATE_ID, protocol, false);
    }

    static ExportTemplate ipv6(ExportProtocol protocol) {
        return new ExportTemplate(IPV6_TEMPLATE_ID, protocol, true);
    }

    int templateId() {
        return templateId;
    }

    List<TemplateField> fields() {
        return fields;
    }

    int recordLengthBytes() {
        return recordLengthBytes;
    }

    /** Bytes of this template's record in a template set: id, field count, (type, length) pairs. */
    int templateRecordLengthBytes() {
        return 4 + 4 * fields.size();
    }

    void writeTemplateRecord(ByteBuffer buffer) {
        buffer.putShort((short) templateId);
        buffer.putShort((short) fields.size());
        for (TemplateField field : fields) {
            buffer.putShort((short) field.elementId());
            buffer.putShort((short) field.lengthBytes());
        }
    }

    /**
     * Writes {@code record} as one data record.
     *
     * @param bootTimeMs the exporter's boot time (epoch milliseconds), for NetFlow v9's
     *     sysUptime-relative times
     */
    void writeDataRecord(ByteBuffer buffer, FlowRecord record, long bootTimeMs) {
        writeAddress(buffer, record.srcAddr());
        writeAddress(buffer, record.dstAddr());
        buffer.putShort((short) present(record.srcPort()));
        buffer.putShort((short) present(record.dstPort()));
        buffer.put((byte) record.protocol());
        if (protocol == ExportProtocol.IPFIX) {
            buffer.putShort((short) present(record.tcpFlags()));
        } else {
            buffer.put((byte) present(record.tcpFlags()));
        }
        buffer.put((byte) present(record.tos()));
        buffer.putLong(record.packets());
        buffer.putLong(record.bytes());
        writeTimes(buffer, record, bootTimeMs);
        buffer.putInt((int) present(record.inputIf()));
        buffer.putInt((int) present(record.outputIf()));
        buffer.putInt((int) present(record.srcAs()));
        buffer.putInt((int) present(record.dstAs()));
        writeNextHop(buffer, record.nextHop());
        buffer.putShort((short) icmpTypeCode(record));
        buffer.put((byte) Math.max(0, record.direction()));
    }

    boolean accepts(FlowRecord record) {
        return record.srcAddr().isIpv6() == ipv6;
    }

    private void writeTimes(ByteBuffer buffer, FlowRecord record, long bootTimeMs) {
        if (protocol == ExportProtocol.IPFIX) {
            buffer.putLong(record.flowStartMs());
            buffer.putLong(record.flowEndMs());
        } else {
            buffer.putInt((int) Math.max(0, record.flowStartMs() - bootTimeMs));
            buffer.putInt((int) Math.max(0, record.flowEndMs() - bootTimeMs));
        }
    }

    private void writeAddress(ByteBuffer buffer, IpAddress address) {
        if (ipv6) {
            buffer.putLong(address.high());
            buffer.putLong(address.low());
        } else {
            buffer.putInt(address.ipv4());
        }
    }

    private void writeNextHop(ByteBuffer buffer, IpAddress nextHop) {
        boolean matches = nextHop != null && nextHop.isIpv6() == ipv6;
        if (ipv6) {
            buffer.putLong(matches ? nextHop.high() : 0);
            buffer.putLong(matches ? nextHop.low() : 0);
        } else {
            buffer.putInt(matches ? nextHop.ipv4() : 0);
        }
    }

    private static int icmpTypeCode(FlowRecord record) {
        if (!record.isIcmp()) {
            return 0;
        }
        return (present(record.icmpType()) << 8) | present(record.icmpCode());
    }

    private static int present(int value) {
        return value == FlowRecord.ABSENT ? 0 : value;
    }

    private static long present(long value) {
        return value == FlowRecord.ABSENT ? 0 : value;
    }

    private static List<TemplateField> fieldsOf(ExportProtocol protocol, boolean ipv6) {
        int addressBytes = ipv6 ? 16 : 4;
        boolean ipfix = protocol == ExportProtocol.IPFIX;
        List<TemplateField> fields = new ArrayList<>();
        fields.add(
                new TemplateField(ipv6 ? SOURCE_IPV6_ADDRESS : SOURCE_IPV4_ADDRESS, addressBytes));
        fields.add(
                new TemplateField(
                        ipv6 ? DESTINATION_IPV6_ADDRESS : DESTINATION_IPV4_ADDRESS, addressBytes));
        fields.add(new TemplateField(SOURCE_TRANSPORT_PORT, 2));
        fields.add(new TemplateField(DESTINATION_TRANSPORT_PORT, 2));
        fields.add(new TemplateField(PROTOCOL_IDENTIFIER, 1));
        // tcpControlBits is unsigned16 in IPFIX (RFC 7125); NetFlow v9 defines it as one byte.
        fields.add(new TemplateField(TCP_CONTROL_BITS, ipfix ? 2 : 1));
        fields.add(new TemplateField(IP_CLASS_OF_SERVICE, 1));
        fields.add(new TemplateField(PACKET_DELTA_COUNT, 8));
        fields.add(new TemplateField(OCTET_DELTA_COUNT, 8));
        fields.add(
                new TemplateField(
                        ipfix ? FLOW_START_MILLISECONDS : FLOW_START_SYS_UP_TIME, ipfix ? 8 : 4));
        fields.add(
                new TemplateField(
                        ipfix ? FLOW_END_MILLISECONDS : FLOW_END_SYS_UP_TIME, ipfix ? 8 : 4));
        fields.add(new TemplateField(INGRESS_INTERFACE, 4));
        fields.add(new TemplateField(EGRESS_INTERFACE, 4));
        fields.add(new TemplateField(BGP_SOURCE_AS_NUMBER, 4));
        fields.add(new TemplateField(BGP_DESTINATION_AS_NUMBER, 4));
        fields.add(
                new TemplateField(
                        ipv6 ? IP_NEXT_HOP_IPV6_ADDRESS : IP_NEXT_HOP_IPV4_ADDRESS, addressBytes));
        fields.add(new TemplateField(ipv6 ? ICMP_TYPE_CODE_IPV6 : ICMP_TYPE_CODE_IPV4, 2));
        fields.add(new TemplateField(FLOW_DIRECTION, 1));
        return List.copyOf(fields);
    }
}
