package io.postflight.httpkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.postflight.contracts.Json;

/**
 * A refusal as an HTTP answer: the problem document as the body, and the {@code WWW-Authenticate}
 * challenge RFC 6750 asks for when the token was missing or not accepted.
 */
public final class ProblemResponses {
    private ProblemResponses() {
    }

    /**
     * @param reason the metric tag and problem type, e.g. {@code expired-token}
     * @param detail what in this request was refused and why, nothing about the service's insides
     */
    public static MutableHttpResponse<String> refusal(HttpStatus status, String reason, String title, String detail) {
        MutableHttpResponse<String> response = HttpResponse.<String>status(status).contentType(Problem.MEDIA_TYPE)
                .body(json(Problem.of(reason, title, status.getCode(), detail)));
        if (TokenCheck.Fault.NO_CREDENTIALS.tag().equals(reason)) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        } else if (TokenCheck.Fault.INVALID_TOKEN.tag().equals(reason)
                || TokenCheck.Fault.EXPIRED_TOKEN.tag().equals(reason)) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        return response;
    }

    /** {@code body} as JSON, the way every Postflight record is written. */
    public static String json(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }
}
