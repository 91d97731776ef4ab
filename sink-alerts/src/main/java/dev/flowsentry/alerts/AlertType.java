package dev.flowsentry.alerts;

/** The family of an alert: what the {@code alert.type} field of every encoding says. */
public enum AlertType {
    DOS("dos"),
    SCAN("scan"),
    EXFILTRATION("exfiltration");

    private final String code;

    AlertType(String code) {
        this.code = code;
    }

    /** The lower-case name used on the wire, for example {@code dos}. */
    public String code() {
        return code;
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
