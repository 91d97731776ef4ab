package dev.flowsentry.flow;

/** A flows-topic record that is not a valid {@link FlowRecord}: bad JSON, or a bad field. */
public final class InvalidFlowRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidFlowRecordException(String message) {
        super(message);
    }

    public InvalidFlowRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
