package dev.flowsentry.alerts.forwarder;

import java.time.Duration;

/**
 * A destination did not accept an alert. Transient failures (connection refused, timeout, HTTP 429
 * or 5xx) are retried with backoff; permanent ones (HTTP 4xx, a message too large) go straight to
 * the dead letter.
 */
final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final Duration retryAfter;

    private DeliveryException(
            String message, Throwable cause, boolean permanent, Duration retryAfter) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, cause, false, null);
    }

    /** A transient failure whose destination asked to wait (HTTP Retry-After). */
    static DeliveryException transientFailure(String message, Duration retryAfter) {
        return new DeliveryException(message, null, false, retryAfter);
    }

    static DeliveryException permanentFailure(String message) {
        return new DeliveryException(message, null, true, null);
    }

    boolean isPermanent() {
        return permanent;
    }

    /** How long the destination asked to wait, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
