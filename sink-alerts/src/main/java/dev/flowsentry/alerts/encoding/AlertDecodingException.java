package dev.flowsentry.alerts.encoding;

/**
 * A document that is not a valid FlowSentry alert: not JSON, or a required field missing or of the
 * wrong type. The message names the field and what was found, never the document's content.
 */
public final class AlertDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An error about the document, naming the field at fault. */
    public AlertDecodingException(String message) {
        super(message);
    }

    /** An error with the parser's or the model's exception as cause. */
    public AlertDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
