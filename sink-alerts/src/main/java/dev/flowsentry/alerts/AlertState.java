package dev.flowsentry.alerts;

/** Where an alert is in its lifecycle: one start, periodic updates while it lasts, one end. */
public enum AlertState {
    START("start"),
    UPDATE("update"),
    END("end");

    private final String code;

    AlertState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AlertState ofCode(String code) {
        for (AlertState state : values()) {
            if (state.code.equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown alert state '" + code + "'");
    }
}
