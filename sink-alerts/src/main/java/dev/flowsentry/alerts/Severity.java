package dev.flowsentry.alerts;

/**
 * How bad an alert is, from how far the observed value went beyond its threshold.
 *
 * <p>Each level has a CEF severity (0-10) and an ECS {@code event.severity} / risk score (0-100,
 * the ranges Elastic's detection rules use).
 */
public enum Severity {
    LOW("low", 3, 21),
    MEDIUM("medium", 5, 47),
    HIGH("high", 8, 73),
    CRITICAL("critical", 10, 99);

    private final String label;
    private final int cef;
    private final int score;

    Severity(String label, int cef, int score) {
        this.label = label;
        this.cef = cef;
        this.score = score;
    }

    /** The lower-case label used on the wire: {@code low}, {@code medium}, {@code high}... */
    public String label() {
        return label;
    }

    /** Severity on the CEF scale, 0 to 10. */
    public int cef() {
        return cef;
    }

    /** Severity as an ECS {@code event.severity} and risk score, 0 to 100. */
    public int score() {
        return score;
    }

    /** The severity whose {@link #label()} is {@code label}. */
    public static Severity ofLabel(String label) {
        for (Severity severity : values()) {
            if (severity.label.equals(label)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + label + "'");
    }

    /**
     * The severity of a value {@code ratio} times its threshold: up to 2x low, up to 5x medium, up
     * to 20x high, beyond critical.
     */
    public static Severity ofRatio(double ratio) {
        if (ratio < 2) {
            return LOW;
        }
        if (ratio < 5) {
            return MEDIUM;
        }
        return ratio < 20 ? HIGH : CRITICAL;
    }
}
