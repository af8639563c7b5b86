package io.postflight.metrics;

/** A metric source could not answer within its budget; the caller reports INCONCLUSIVE. */
public class MetricsUnavailableException extends Exception {
    public MetricsUnavailableException(String message) {
        super(message);
    }

    public MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
