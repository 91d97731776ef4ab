package dev.flowsentry.alerts;

/**
 * What a detector found: the alert type, its subtype, the rule that names it and the MITRE
 * ATT&amp;CK technique it maps to.
 */
public enum AlertKind {
    /** Many half-open TCP connections to one host: T1499.001 OS Exhaustion Flood. */
    SYN_FLOOD(
            AlertType.DOS,
            "syn_flood",
            "TCP SYN flood",
            "T1499.001",
            "OS Exhaustion Flood",
            "Endpoint Denial of Service"),
    /** UDP packets far above the host's baseline: T1498.001 Direct Network Flood. */
    UDP_FLOOD(
            AlertType.DOS,
            "udp_flood",
            "UDP flood",
            "T1498.001",
            "Direct Network Flood",
            "Network Denial of Service"),
    /** ICMP packets far above the host's baseline: T1498.001 Direct Network Flood. */
    ICMP_FLOOD(
            AlertType.DOS,
            "icmp_flood",
            "ICMP flood",
            "T1498.001",
            "Direct Network Flood",
            "Network Denial of Service"),
    /** Inbound packets or bytes of any protocol far above baseline: T1498. */
    VOLUMETRIC(
            AlertType.DOS,
            "volumetric",
            "Volumetric denial of service",
            "T1498",
            "Network Denial of Service",
            "Network Denial of Service"),
    /** One source, one port, many hosts: T1046 Network Service Discovery. */
    HORIZONTAL_SCAN(
            AlertType.SCAN,
            "horizontal",
            "Horizontal scan (one port, many hosts)",
            "T1046",
            "Network Service Discovery",
            "Network Service Discovery"),
    /** One source, many ports of one host: T1046 Network Service Discovery. */
    VERTICAL_SCAN(
            AlertType.SCAN,
            "vertical",
            "Vertical scan (many ports of one host)",
            "T1046",
            "Network Service Discovery",
            "Network Service Discovery"),
    /** An internal host's outbound volume to external networks far above baseline: T1048. */
    EXFILTRATION_VOLUME(
            AlertType.EXFILTRATION,
            "volume",
            "Outbound volume to external networks far above baseline",
            "T1048",
            "Exfiltration Over Alternative Protocol",
            "Exfiltration Over Alternative Protocol");

    private static final String ATTACK_TECHNIQUES_URL = "https://attack.mitre.org/techniques/";

    private final AlertType type;
    private final String subtype;
    private final String ruleName;
    private final String techniqueId;
    private final String techniqueName;
    private final String parentTechniqueName;

    AlertKind(
            AlertType type,
            String subtype,
            String ruleName,
            String techniqueId,
            String techniqueName,
            String parentTechniqueName) {
        this.type = type;
        this.subtype = subtype;
        this.ruleName = ruleName;
        this.techniqueId = techniqueId;
        this.techniqueName = techniqueName;
        this.parentTechniqueName = parentTechniqueName;
    }

    /** The alert family: {@code dos}, {@code scan} or {@code exfiltration}. */
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

    /** A short human-readable rule name, for example {@code TCP SYN flood}. */
    public String ruleName() {
        return ruleName;
    }

    /**
     * The most specific MITRE ATT&amp;CK technique id: a sub-technique such as {@code T1499.001}
     * where one fits, otherwise a technique such as {@code T1046}.
     */
    public String techniqueId() {
        return techniqueId;
    }

    /** The name of {@link #techniqueId()}, for example {@code OS Exhaustion Flood}. */
    public String techniqueName() {
        return techniqueName;
    }

    /** Whether {@link #techniqueId()} is a sub-technique (its id has a dot). */
    public boolean isSubtechnique() {
        return techniqueId.indexOf('.') >= 0;
    }

    /** The technique itself, without sub-technique: {@code T1499} for {@code T1499.001}. */
    public String parentTechniqueId() {
        int dot = techniqueId.indexOf('.');
        return dot < 0 ? techniqueId : techniqueId.substring(0, dot);
    }

    /** The name of {@link #parentTechniqueId()}, for example {@code Endpoint Denial of Service}. */
    public String parentTechniqueName() {
        return parentTechniqueName;
    }

    /** The ATT&amp;CK page of {@link #parentTechniqueId()}. */
    public String parentTechniqueReference() {
        return ATTACK_TECHNIQUES_URL + parentTechniqueId() + "/";
    }

    /** The ATT&amp;CK page of {@link #techniqueId()}, for example {@code .../T1499/001/}. */
    public String techniqueReference() {
        return ATTACK_TECHNIQUES_URL + techniqueId.replace('.', '/') + "/";
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
