package io.postflight.gateway.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.postflight.httpkit.ProblemResponses;
import java.time.Duration;

/**
 * The gateway's answer to a refused request (intake or override): the shared problem+json refusal
 * (with {@code WWW-Authenticate} for a missing or bad token), plus {@code Retry-After} when trying
 * again later helps.
 */
final class RefusalResponses {

    private RefusalResponses() {
    }

    static MutableHttpResponse<String> of(IntakeRefusal refusal, Duration retryAfter) {
        Refusal r = refusal.refusal();
        MutableHttpResponse<String> response = ProblemResponses.refusal(r.status(), r.tag(), r.title(),
                refusal.getMessage());
        if (r == Refusal.RATE_LIMITED || r == Refusal.BROKER_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        return response;
    }
}
