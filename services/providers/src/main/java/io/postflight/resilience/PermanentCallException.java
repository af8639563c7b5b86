package io.postflight.resilience;

/**
 * Thrown by a call to say that the target answered but retrying cannot help (an HTTP 400 for a
 * malformed query, say). {@link ResilientCalls} does not retry it and does not count it against
 * the target's circuit breaker, since the target itself is healthy.
 */
public class PermanentCallException extends Exception {
    public PermanentCallException(String message) {
        super(message);
    }

    public PermanentCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
