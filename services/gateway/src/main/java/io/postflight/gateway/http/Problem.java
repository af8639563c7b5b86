package io.postflight.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.postflight.contracts.Json;
import java.time.Duration;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the body of every refusal.
 *
 * @param type {@code urn:postflight:problem:<reason>}, stable for a caller to branch on
 * @param title the refusal's short, fixed title
 * @param status the HTTP status, repeated for clients that log only the body
 * @param detail what in this request was refused and why
 * @param reason the reason, as in the {@code reason} tag of {@code postflight.intake.http.refused}
 */
public record Problem(String type, String title, int status, String detail, String reason) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * The answer to a refused request: this problem document with its status, {@code Retry-After}
     * when trying again later helps, {@code WWW-Authenticate} when a token is missing or bad.
     */
    static MutableHttpResponse<String> response(IntakeRefusal refusal, Duration retryAfter) {
        Refusal r = refusal.refusal();
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(of(refusal));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
        var response = HttpResponse.<String>status(r.status()).contentType(MEDIA_TYPE).body(body);
        if (r == Refusal.RATE_LIMITED || r == Refusal.BROKER_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        if (r == Refusal.NO_CREDENTIALS) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        } else if (r == Refusal.INVALID_TOKEN || r == Refusal.EXPIRED_TOKEN) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        return response;
    }

    static Problem of(IntakeRefusal refusal) {
        Refusal r = refusal.refusal();
        return new Problem("urn:postflight:problem:" + r.tag(), r.title(), r.status().getCode(), refusal.getMessage(),
                r.tag());
    }
}
