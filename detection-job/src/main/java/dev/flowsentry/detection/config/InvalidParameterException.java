package dev.flowsentry.detection.config;

/** A job parameter with a bad value: the message names the parameter and what was expected. */
public final class InvalidParameterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super("--" + parameter + ": " + message);
        this.parameter = parameter;
    }

    /** The parameter's name, without {@code --}. */
    public String parameter() {
        return parameter;
    }
}
