package dev.flowsentry.decoder.testing;

/** Reads just enough of NetFlow v9 export datagrams to count their data records (RFC 3954). */
public final class NetFlowV9 {

    private NetFlowV9() {}

    /** Whether the datagram carries a template flowset (flowset id 0). */
    public static boolean hasTemplate(byte[] datagram) {
        for (int offset = 20; offset + 4 <= datagram.length; ) {
            int flowsetId = u16(datagram, offset);
            int length = u16(datagram, offset + 2);
            if (flowsetId == 0) {
                return true;
            }
            if (length < 4) {
                return false;
            }
            offset += length;
        }
        return false;
    }

    /**
     * Data records in the datagram, for templates of one record length (softflowd sends one
     * template per address family; its IPv4 records are all the same length).
     */
    public static int dataRecords(byte[] datagram, int recordLength) {
        int records = 0;
        for (int offset = 20; offset + 4 <= datagram.length; ) {
            int flowsetId = u16(datagram, offset);
            int length = u16(datagram, offset + 2);
            if (length < 4) {
                break;
            }
            if (flowsetId >= 256) {
                records += (length - 4) / recordLength;
            }
            offset += length;
        }
        return records;
    }

    /** The record length of the first template in the datagram, or -1. */
    public static int templateRecordLength(byte[] datagram) {
        for (int offset = 20; offset + 4 <= datagram.length; ) {
            int flowsetId = u16(datagram, offset);
            int length = u16(datagram, offset + 2);
            if (flowsetId == 0) {
                int fieldCount = u16(datagram, offset + 6);
                int recordLength = 0;
                for (int i = 0; i < fieldCount; i++) {
                    recordLength += u16(datagram, offset + 8 + 4 * i + 2);
                }
                return recordLength;
            }
            if (length < 4) {
                break;
            }
            offset += length;
        }
        return -1;
    }

    private static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }
}
