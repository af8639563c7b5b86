package io.postflight.tracing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Where spans are exported when tracing is on ({@code postflight.tracing.otlp.*}): OTLP over HTTP,
 * protobuf, as an OpenTelemetry Collector, Jaeger or Tempo receive it on port 4318.
 *
 * @param endpoint the full URL spans are posted to, path included
 * @param timeout limit of one export request; spans of a failed export are dropped and counted by
 *     the exporter, never retried on the stream thread
 * @param headersFile a file of {@code Name: value} lines sent with every export (e.g. a collector's
 *     {@code Authorization}); read at start-up, its values never logged; none by default
 */
@ConfigurationProperties(OtlpExportConfig.PREFIX)
public record OtlpExportConfig(
        @NotNull @Pattern(regexp = "https?://.+", message = "postflight.tracing.otlp.endpoint must be an http(s) URL")
        @Bindable(defaultValue = "http://localhost:4318/v1/traces") String endpoint,
        @NotNull @Bindable(defaultValue = "10s") Duration timeout,
        @Nullable String headersFile) {

    public static final String PREFIX = "postflight.tracing.otlp";
}
