package dev.flowsentry.decoder.config;

/** An option that is unknown, missing its value, or has a value out of range; names the option. */
public final class BadOptionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String option;

    public BadOptionException(String option, String message) {
        super(option + ": " + message);
        this.option = option;
    }

    public BadOptionException(String option, String message, Throwable cause) {
        super(option + ": " + message, cause);
        this.option = option;
    }

    /** The option as the user wrote it, for example {@code --metrics-port}. */
    public String option() {
        return option;
    }
}
