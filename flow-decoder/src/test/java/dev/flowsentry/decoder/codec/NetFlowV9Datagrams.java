package dev.flowsentry.decoder.codec;

import static dev.flowsentry.decoder.codec.LabelledHex.bytes;
import static dev.flowsentry.decoder.codec.LabelledHex.hex;

/**
 * Small NetFlow v9 and IPFIX datagrams in labelled hex, shaped like softflowd's: template 256 with
 * addresses, ports, protocol, counters and sysUptime times (a 29-byte record).
 */
final class NetFlowV9Datagrams {

    static final long UNIX_SECONDS = 1_700_000_000L;

    private NetFlowV9Datagrams() {}

    static String v9Header(int count, long uptimeMs, long sequence, long sourceId) {
        return "0009 "
                + hex(count, 2)
                + " "
                + hex(uptimeMs, 4)
                + " "
                + hex(UNIX_SECONDS, 4)
                + " "
                + hex(sequence, 4)
                + " "
                + hex(sourceId, 4)
                + " | v9 header: count, sysUptime, unix secs 1700000000, sequence, source id";
    }

    /** Template flowset (id 0) defining template 256. */
    static final String[] TEMPLATE_256 = {
        "0000 002c | flowset 0 (templates), 44 bytes",
        "0100 0009 | template 256, 9 fields",
        "0008 0004 | sourceIPv4Address",
        "000c 0004 | destinationIPv4Address",
        "0007 0002 | sourceTransportPort",
        "000b 0002 | destinationTransportPort",
        "0004 0001 | protocolIdentifier",
        "0002 0004 | packetDeltaCount",
        "0001 0004 | octetDeltaCount",
        "0016 0004 | flowStartSysUpTime (FIRST_SWITCHED)",
        "0015 0004 | flowEndSysUpTime (LAST_SWITCHED)"
    };

    /** A data flowset of template 256 with one record, padded to 36 bytes. */
    static String[] data256(long packets, long firstSwitched, long lastSwitched) {
        return new String[] {
            "0100 0024 | flowset 256, 36 bytes",
            "c0000201 c6336401 | 192.0.2.1 -> 198.51.100.1",
            "04d2 0050 06 | port 1234 -> 80, TCP",
            hex(packets, 4) + " 000003e8 | packets, 1000 bytes",
            hex(firstSwitched, 4) + " " + hex(lastSwitched, 4) + " | first, last switched",
            "000000 | padding"
        };
    }

    static byte[] v9(String header, String[]... sets) {
        int lines = 1;
        for (String[] set : sets) {
            lines += set.length;
        }
        String[] all = new String[lines];
        all[0] = header;
        int at = 1;
        for (String[] set : sets) {
            System.arraycopy(set, 0, all, at, set.length);
            at += set.length;
        }
        return bytes(all);
    }

    /** IPFIX template set (id 2) defining template 256 with millisecond times (37-byte records). */
    static final String[] IPFIX_TEMPLATE_256 = {
        "0002 002c | set 2 (templates), 44 bytes",
        "0100 0009 | template 256, 9 fields",
        "0008 0004 | sourceIPv4Address",
        "000c 0004 | destinationIPv4Address",
        "0007 0002 | sourceTransportPort",
        "000b 0002 | destinationTransportPort",
        "0004 0001 | protocolIdentifier",
        "0002 0004 | packetDeltaCount",
        "0001 0004 | octetDeltaCount",
        "0098 0008 | flowStartMilliseconds",
        "0099 0008 | flowEndMilliseconds"
    };

    /** An IPFIX data set of template 256 with one record, padded to 44 bytes. */
    static String[] ipfixData256(long packets, long startMs, long endMs) {
        return new String[] {
            "0100 002c | set 256, 44 bytes",
            "c0000201 c6336401 | 192.0.2.1 -> 198.51.100.1",
            "04d2 0050 06 | port 1234 -> 80, TCP",
            hex(packets, 4) + " 000003e8 | packets, 1000 bytes",
            hex(startMs, 8) + " " + hex(endMs, 8) + " | flowStart/EndMilliseconds",
            "000000 | set padding"
        };
    }

    /** An IPFIX message; the header's length is computed. */
    static byte[] ipfix(long sequence, long domain, String[]... sets) {
        byte[] body = v9("", sets);
        String header =
                "000a "
                        + hex(16 + body.length, 2)
                        + " "
                        + hex(UNIX_SECONDS, 4)
                        + " "
                        + hex(sequence, 4)
                        + " "
                        + hex(domain, 4)
                        + " | IPFIX header: length, export time, sequence, observation domain";
        return v9(header, sets);
    }
}
