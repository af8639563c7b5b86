package io.postflight.gateway.http;

import io.micronaut.http.HttpStatus;
import io.postflight.contracts.intake.RejectReason;
import io.postflight.httpkit.TokenCheck;

/**
 * Why the HTTP intake refused a request: the answer's status and title, and the {@code reason} tag
 * of {@code postflight.intake.http.refused}. Titles say what the caller can fix and nothing about
 * how Postflight is built.
 */
public enum Refusal {
    NO_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Credentials required"),
    INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid bearer token"),
    EXPIRED_TOKEN(HttpStatus.UNAUTHORIZED, "Expired bearer token"),
    MISSING_ROLE(HttpStatus.FORBIDDEN, "Not allowed to announce deployments"),
    BAD_SIGNATURE(HttpStatus.UNAUTHORIZED, "Invalid webhook signature"),
    MISSING_DELIVERY_ID(HttpStatus.BAD_REQUEST, "Delivery id required"),
    REPLAYED_DELIVERY(HttpStatus.CONFLICT, "Delivery already received"),
    EVENT_TIME_SKEW(HttpStatus.BAD_REQUEST, "Event time out of range"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    OVERSIZED(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type"),
    NOT_JSON(HttpStatus.BAD_REQUEST, "Body is not JSON"),
    SCHEMA_INVALID(HttpStatus.BAD_REQUEST, "Not a usable deploy event"),
    UNKNOWN_TYPE(HttpStatus.BAD_REQUEST, "Event type not handled"),
    UNSUPPORTED_VERSION(HttpStatus.BAD_REQUEST, "CloudEvents version not supported"),
    BROKER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Intake temporarily unavailable"),
    /** Overrides ({@code POST /deployments/{id}/overrides}): the token holds no operator role. */
    NOT_AN_OPERATOR(HttpStatus.FORBIDDEN, "Not allowed to override verifications"),
    MISSING_REASON(HttpStatus.BAD_REQUEST, "Reason required"),
    BAD_OVERRIDE(HttpStatus.BAD_REQUEST, "Not a usable override"),
    UNKNOWN_DEPLOYMENT(HttpStatus.NOT_FOUND, "Deployment not known"),
    /** The decision engine refused the override (its rules): the detail says why. */
    OVERRIDE_REFUSED(HttpStatus.CONFLICT, "Override refused");

    private final HttpStatus status;
    private final String title;

    Refusal(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The metric tag and the problem type's last segment: {@code invalid-token}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The refusal for what the deploy-events decoder rejects (the Kafka intake's dead-letter reason). */
    public static Refusal of(RejectReason reason) {
        return switch (reason) {
            case NOT_JSON -> NOT_JSON;
            case OVERSIZED -> OVERSIZED;
            case SCHEMA_INVALID -> SCHEMA_INVALID;
            case UNKNOWN_TYPE -> UNKNOWN_TYPE;
            case UNSUPPORTED_VERSION -> UNSUPPORTED_VERSION;
        };
    }

    /** The refusal for what the shared bearer-token check refuses. */
    public static Refusal of(TokenCheck.Fault fault) {
        return switch (fault) {
            case NO_CREDENTIALS -> NO_CREDENTIALS;
            case INVALID_TOKEN -> INVALID_TOKEN;
            case EXPIRED_TOKEN -> EXPIRED_TOKEN;
            case MISSING_ROLE -> MISSING_ROLE;
        };
    }
}
