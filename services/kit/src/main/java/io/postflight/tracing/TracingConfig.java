package io.postflight.tracing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Tracing of verifications ({@code postflight.tracing.*}); where spans go is {@link OtlpExportConfig}.
 *
 * @param enabled record and export spans; off by default, when a no-op OpenTelemetry only passes an
 *     incoming trace context on
 * @param samplingRatio share of new traces recorded (0 to 1); a deployment announced with a trace
 *     context follows that context's sampled flag instead
 * @param serviceName {@code service.name} of the spans; unset: the service's Kafka Streams application id
 *     ({@code postflight-gateway}, {@code postflight-health-verifier}, ...)
 */
@ConfigurationProperties(TracingConfig.PREFIX)
public record TracingConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Bindable(defaultValue = "1.0") double samplingRatio,
        @Nullable String serviceName) {

    public static final String PREFIX = "postflight.tracing";

    public TracingConfig {
        if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
            throw new IllegalArgumentException("postflight.tracing.sampling-ratio must be between 0 and 1, not "
                    + samplingRatio);
        }
    }
}
