package dev.flowsentry.traffic.export;

/** The export protocols the project's exporter speaks. */
public enum ExportProtocol {
    /** Cisco NetFlow version 9 (RFC 3954): times relative to the exporter's sysUptime. */
    NETFLOW_V9(9),
    /** IPFIX (RFC 7011): absolute times in milliseconds. */
    IPFIX(10);

    private final int version;

    ExportProtocol(int version) {
        this.version = version;
    }

    /** The version number in the message header: 9 or 10. */
    public int version() {
        return version;
    }

    /** Parses {@code 9}, {@code v9}, {@code netflow9}, {@code 10}, {@code ipfix}. */
    public static ExportProtocol parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "9", "v9", "netflow9", "netflow-v9", "netflow_v9" -> NETFLOW_V9;
            case "10", "ipfix" -> IPFIX;
            default ->
                    throw new IllegalArgumentException(
                            "unknown export protocol '" + text + "': netflow9 or ipfix");
        };
    }
}
