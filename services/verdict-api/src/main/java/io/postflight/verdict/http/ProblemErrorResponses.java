package io.postflight.verdict.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every answer Micronaut gives by itself — a query value that does not convert, a body above
 * {@code micronaut.server.max-request-size}, a path no route serves, micronaut-security's rejection,
 * an exception no controller expected — as a problem document like the API's own refusals, counted
 * in {@code postflight.api.http.refused{reason}}. Its detail names what in the request was wrong and
 * never the exception's message, which names the service's classes and insides (Micronaut logs an
 * unexpected failure with its cause; the body only says that it did).
 */
@Singleton
@Primary
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class ProblemErrorResponses implements ErrorResponseProcessor<String> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponses.class);
    private final ApiMetrics metrics;

    public ProblemErrorResponses(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext error, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        Throwable cause = error.getRootCause().orElse(null);
        ApiRefusal refusal = refusal(status, cause);
        if (refusal == ApiRefusal.INTERNAL_ERROR) {
            // Micronaut has logged the exception already; this names the request it belonged to.
            LOG.debug("{} {} failed", error.getRequest().getMethod(), error.getRequest().getPath(), cause);
        }
        if (refusal != ApiRefusal.NOT_FOUND) { // as the controllers' own 404s: an answer, not a refusal
            metrics.refused(refusal);
        }
        Problem problem = Problem.of(refusal.tag(), title(refusal, status), status.getCode(), detail(refusal, cause));
        return base.contentType(Problem.MEDIA_TYPE).body(ProblemResponses.json(problem));
    }

    static ApiRefusal refusal(HttpStatus status, Throwable cause) {
        if (cause instanceof ConversionErrorException || cause instanceof UnsatisfiedArgumentException) {
            return ApiRefusal.INVALID_QUERY; // a query or path value: the same reason as the API's own checks
        }
        return switch (status) {
            case BAD_REQUEST -> ApiRefusal.INVALID_REQUEST;
            case UNAUTHORIZED -> ApiRefusal.NO_CREDENTIALS;
            case FORBIDDEN -> ApiRefusal.NOT_ALLOWED;
            case NOT_FOUND -> ApiRefusal.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ApiRefusal.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> ApiRefusal.NOT_ACCEPTABLE;
            case REQUEST_ENTITY_TOO_LARGE -> ApiRefusal.OVERSIZED;
            case UNSUPPORTED_MEDIA_TYPE -> ApiRefusal.UNSUPPORTED_MEDIA_TYPE;
            case SERVICE_UNAVAILABLE -> ApiRefusal.NOT_READY;
            default -> status.getCode() >= 500 ? ApiRefusal.INTERNAL_ERROR : ApiRefusal.INVALID_REQUEST;
        };
    }

    private static String title(ApiRefusal refusal, HttpStatus status) {
        // A 4xx without a reason of its own keeps its own status's phrase, not "Invalid request".
        return refusal.status() == status ? refusal.title() : status.getReason();
    }

    static String detail(ApiRefusal refusal, Throwable cause) {
        if (cause instanceof ConversionErrorException e) {
            return "'" + e.getArgument().getName() + "' does not hold a usable value";
        }
        if (cause instanceof UnsatisfiedArgumentException e) {
            return "'" + e.getArgument().getName() + "' is required";
        }
        if (cause instanceof ContentLengthExceededException) {
            return "the body is above the size this API accepts";
        }
        return switch (refusal) {
            case NO_CREDENTIALS -> "a bearer token is required";
            case NOT_ALLOWED -> "this token may not do that";
            case NOT_FOUND -> "no such resource; the endpoints are in /openapi/postflight-verdict-api.yml";
            case METHOD_NOT_ALLOWED -> "this method is not served on this path";
            case NOT_ACCEPTABLE -> "no representation of this resource in the accepted media types";
            case UNSUPPORTED_MEDIA_TYPE -> "the body's content type is not accepted here";
            case NOT_READY -> "try again shortly";
            case OVERSIZED -> "the body is above the size this API accepts";
            case INTERNAL_ERROR -> "the request could not be answered; the service logged why";
            default -> "the request could not be read";
        };
    }
}
