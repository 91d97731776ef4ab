package dev.flowsentry.alerts;

/** Where an alert is in its lifecycle: one start, periodic updates while it lasts, one end. */
public enum AlertState {
    /** The first message of an incident. */
    START("start"),
    /** A periodic message while the incident lasts, with the latest window's figures. */
    UPDATE("update"),
    /** The last message of an incident: the value fell back below its threshold. */
    END("end");

    private final String code;

    AlertState(String code) {
        this.code = code;
    }

    /** The lower-case name used on the wire, for example {@code start}. */
    public String code() {
        return code;
    }

    /** The state whose {@link #code()} is {@code code}. */
    public static AlertState ofCode(String code) {
        for (AlertState state : values()) {
            if (state.code.equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown alert state '" + code + "'");
    }
}
