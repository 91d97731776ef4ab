package dev.flowsentry.traffic.export;

import static dev.flowsentry.traffic.export.TemplateField.*;

import java.nio.ByteBuffer;

/**
 * The options template and options data that announce the exporter's packet sampling: NetFlow v9
 * SAMPLING_INTERVAL and SAMPLING_ALGORITHM scoped to the System (RFC 3954 section 6.1), IPFIX
 * samplingPacketInterval and samplingPacketSpace scoped to the observation domain (RFC 7011 section
 * 3.4.2.2, RFC 5477): 1 packet selected in every {@code rate}.
 */
final class SamplingOptions {

    private static final int TEMPLATE_SET_BYTES = 24;
    private static final int DATA_SET_BYTES = 16;

    private SamplingOptions() {}

    static int bytes(ExportProtocol protocol) {
        return TEMPLATE_SET_BYTES + DATA_SET_BYTES;
    }

    static void writeTemplate(ByteBuffer buffer, ExportProtocol protocol) {
        int start = buffer.position();
        if (protocol == ExportProtocol.NETFLOW_V9) {
            buffer.putShort((short) 1).putShort((short) TEMPLATE_SET_BYTES);
            buffer.putShort((short) ExportTemplate.SAMPLING_OPTIONS_TEMPLATE_ID);
            buffer.putShort((short) 4).putShort((short) 8);
            buffer.putShort((short) SCOPE_SYSTEM).putShort((short) 4);
            buffer.putShort((short) SAMPLING_INTERVAL).putShort((short) 4);
            buffer.putShort((short) SAMPLING_ALGORITHM).putShort((short) 1);
        } else {
            buffer.putShort((short) 3).putShort((short) TEMPLATE_SET_BYTES);
            buffer.putShort((short) ExportTemplate.SAMPLING_OPTIONS_TEMPLATE_ID);
            buffer.putShort((short) 3).putShort((short) 1);
            buffer.putShort((short) OBSERVATION_DOMAIN_ID).putShort((short) 4);
            buffer.putShort((short) SAMPLING_PACKET_INTERVAL).putShort((short) 4);
            buffer.putShort((short) SAMPLING_PACKET_SPACE).putShort((short) 4);
        }
        padTo(buffer, start + TEMPLATE_SET_BYTES);
    }

    static void writeData(ByteBuffer buffer, ExportProtocol protocol, long domainId, long rate) {
        int start = buffer.position();
        buffer.putShort((short) ExportTemplate.SAMPLING_OPTIONS_TEMPLATE_ID)
                .putShort((short) DATA_SET_BYTES);
        if (protocol == ExportProtocol.NETFLOW_V9) {
            buffer.putInt(0);
            buffer.putInt((int) rate);
            buffer.put((byte) 1);
        } else {
            buffer.putInt((int) domainId);
            buffer.putInt(1);
            buffer.putInt((int) (rate - 1));
        }
        padTo(buffer, start + DATA_SET_BYTES);
    }

    private static void padTo(ByteBuffer buffer, int end) {
        while (buffer.position() < end) {
            buffer.put((byte) 0);
        }
    }
}
