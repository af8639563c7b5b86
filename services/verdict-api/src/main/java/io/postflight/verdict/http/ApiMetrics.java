package io.postflight.verdict.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.postflight.httpkit.RefusalCounter;
import io.postflight.verdict.VerdictApiApplication;
import jakarta.inject.Singleton;

/** {@code postflight.api.http.refused{reason}}: one count per refused request ({@link ApiRefusal#tag()}). */
@Singleton
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class ApiMetrics {
    private final RefusalCounter refusals;

    public ApiMetrics(MeterRegistry registry) {
        this.refusals = new RefusalCounter(registry, "postflight.api.http.refused",
                "verdict API requests refused, by reason");
    }

    public void refused(ApiRefusal refusal) {
        refusals.refused(refusal.tag());
    }

    /** Count so far of refusals tagged {@code reason} (tests). */
    public double refusedCount(String reason) {
        return refusals.count(reason);
    }
}
