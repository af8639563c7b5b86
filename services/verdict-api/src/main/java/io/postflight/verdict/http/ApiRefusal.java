package io.postflight.verdict.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.httpkit.TokenCheck;
import java.time.Duration;
import java.util.Locale;

/**
 * Why the verdict API refused or could not answer a request: status, title and the {@code reason}
 * tag of {@code postflight.api.http.refused} (and the problem type). Titles say what the
 * caller can do and nothing about how the service is built.
 */
public enum ApiRefusal {
    NO_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Credentials required"),
    INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid token"),
    EXPIRED_TOKEN(HttpStatus.UNAUTHORIZED, "Expired bearer token"),
    MISSING_ROLE(HttpStatus.FORBIDDEN, "Role not allowed here"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    TOO_MANY_STREAMS(HttpStatus.TOO_MANY_REQUESTS, "Too many open streams"),
    INVALID_QUERY(HttpStatus.BAD_REQUEST, "Invalid query"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    NOT_READY(HttpStatus.SERVICE_UNAVAILABLE, "Verdicts temporarily unavailable"),
    // Answers Micronaut itself gives before or instead of a controller (ProblemErrorResponses).
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    NOT_ALLOWED(HttpStatus.FORBIDDEN, "Not allowed"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    OVERSIZED(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private final HttpStatus status;
    private final String title;

    ApiRefusal(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public static ApiRefusal of(TokenCheck.Fault fault) {
        return valueOf(fault.name());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The answer: a problem document, with Retry-After where waiting helps. */
    public HttpResponse<String> response(String detail) {
        var response = ProblemResponses.refusal(status, tag(), title, detail);
        if (this == RATE_LIMITED || this == TOO_MANY_STREAMS || this == NOT_READY) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER.toSeconds()));
        }
        return response;
    }
}
