package dev.flowsentry.alerts;

/**
 * The family of an alert: what the {@code alert.type} field of every encoding says, and the MITRE
 * ATT&amp;CK tactic its techniques belong to.
 */
public enum AlertType {
    /** Denial of service: a host receives far more than it normally does. Tactic Impact. */
    DOS("dos", "TA0040", "Impact"),
    /** Reconnaissance: one source probes many hosts or many ports. Tactic Discovery. */
    SCAN("scan", "TA0007", "Discovery"),
    /** An internal host sends far more than usual to external networks. Tactic Exfiltration. */
    EXFILTRATION("exfiltration", "TA0010", "Exfiltration");

    private final String code;
    private final String tacticId;
    private final String tacticName;

    AlertType(String code, String tacticId, String tacticName) {
        this.code = code;
        this.tacticId = tacticId;
        this.tacticName = tacticName;
    }

    /** The lower-case name used on the wire, for example {@code dos}. */
    public String code() {
        return code;
    }

    /** The MITRE ATT&amp;CK tactic id, for example {@code TA0040}. */
    public String tacticId() {
        return tacticId;
    }

    /** The MITRE ATT&amp;CK tactic name, for example {@code Impact}. */
    public String tacticName() {
        return tacticName;
    }

    /** The type whose {@link #code()} is {@code code}. */
    public static AlertType ofCode(String code) {
        for (AlertType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown alert type '" + code + "'");
    }
}
