package dev.flowsentry.alerts;

/**
 * What a detector found: the alert type, its subtype, the rule that names it and the MITRE
 * ATT&amp;CK technique it maps to.
 */
public enum AlertKind {
    SYN_FLOOD(AlertType.DOS, "syn_flood", "TCP SYN flood", "T1499.001", "OS Exhaustion Flood"),
    UDP_FLOOD(AlertType.DOS, "udp_flood", "UDP flood", "T1498.001", "Direct Network Flood"),
    ICMP_FLOOD(AlertType.DOS, "icmp_flood", "ICMP flood", "T1498.001", "Direct Network Flood"),
    VOLUMETRIC(
            AlertType.DOS,
            "volumetric",
            "Volumetric denial of service",
            "T1498",
            "Network Denial of Service"),
    HORIZONTAL_SCAN(
            AlertType.SCAN,
            "horizontal",
            "Horizontal scan (one port, many hosts)",
            "T1046",
            "Network Service Discovery"),
    VERTICAL_SCAN(
            AlertType.SCAN,
            "vertical",
            "Vertical scan (many ports of one host)",
            "T1046",
            "Network Service Discovery"),
    EXFILTRATION_VOLUME(
            AlertType.EXFILTRATION,
            "volume",
            "Outbound volume to external networks far above baseline",
            "T1048",
            "Exfiltration Over Alternative Protocol");

    private final AlertType type;
    private final String subtype;
    private final String ruleName;
    private final String techniqueId;
    private final String techniqueName;

    AlertKind(
            AlertType type,
            String subtype,
            String ruleName,
            String techniqueId,
            String techniqueName) {
        this.type = type;
        this.subtype = subtype;
        this.ruleName = ruleName;
        this.techniqueId = techniqueId;
        this.techniqueName = techniqueName;
    }

    public AlertType type() {
        return type;
    }

    /** The lower-case subtype used on the wire, for example {@code syn_flood}. */
    public String subtype() {
        return subtype;
    }

    /** A stable rule identifier, for example {@code flowsentry.dos.syn_flood}. */
    public String ruleId() {
        return "flowsentry." + type.code() + "." + subtype;
    }

    public String ruleName() {
        return ruleName;
    }

    /** The MITRE ATT&amp;CK technique id, for example {@code T1046}. */
    public String techniqueId() {
        return techniqueId;
    }

    public String techniqueName() {
        return techniqueName;
    }

    /** The kind with this type and subtype code. */
    public static AlertKind of(AlertType type, String subtype) {
        for (AlertKind kind : values()) {
            if (kind.type == type && kind.subtype.equals(subtype)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown alert subtype '" + subtype + "' for type " + type.code());
    }
}
