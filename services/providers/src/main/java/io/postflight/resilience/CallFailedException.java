package io.postflight.resilience;

/**
 * A call bounded by {@link ResilientCalls} did not produce a result: every attempt failed or
 * timed out, the target's circuit breaker is open, the failure was permanent, or the caller was
 * interrupted. {@link #getCause()} is the last attempt's failure, when there was one.
 */
public class CallFailedException extends Exception {

    /** Why the call gave up. */
    public enum Reason {
        /** The last attempt exceeded the per-attempt timeout. */
        TIMED_OUT,
        /** The last attempt threw. */
        FAILED,
        /** The target's circuit breaker is open: the call was not even tried. */
        CIRCUIT_OPEN,
        /** The call threw a {@link PermanentCallException}: retrying could not help. */
        PERMANENT,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    private final String target;
    private final Reason reason;
    private final int attempts;

    public CallFailedException(String target, Reason reason, int attempts, Throwable cause) {
        super(message(target, reason, attempts, cause), cause);
        this.target = target;
        this.reason = reason;
        this.attempts = attempts;
    }

    /** The target name the call was made under (also the circuit breaker's name). */
    public String target() {
        return target;
    }

    public Reason reason() {
        return reason;
    }

    /** Attempts actually made (0 when the breaker was open). */
    public int attempts() {
        return attempts;
    }

    private static String message(String target, Reason reason, int attempts, Throwable cause) {
        String detail = cause == null ? "" : ": " + (cause.getMessage() == null
                ? cause.getClass().getSimpleName() : cause.getMessage());
        return switch (reason) {
            case TIMED_OUT -> target + " timed out after " + attempts + " attempt(s)" + detail;
            case FAILED -> target + " failed after " + attempts + " attempt(s)" + detail;
            case CIRCUIT_OPEN -> target + " circuit breaker is open; not called";
            case PERMANENT -> target + " rejected the call (not retried)" + detail;
            case INTERRUPTED -> target + " call interrupted after " + attempts + " attempt(s)";
        };
    }
}
