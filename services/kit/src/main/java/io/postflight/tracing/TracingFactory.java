package io.postflight.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's {@link Tracing}: {@link Tracing#off()} unless {@code postflight.tracing.enabled};
 * then an OpenTelemetry SDK of its own (not the global one: the all-in-one launcher runs every
 * service in one JVM, each with its own {@code service.name}) exporting in batches, off the stream
 * thread, over OTLP/HTTP.
 */
@Factory
public class TracingFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TracingFactory.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    @Singleton
    @Bean(preDestroy = "close")
    Tracing tracing(TracingConfig config, OtlpExportConfig otlp,
                    @Value("${kafka.streams.default.application.id:postflight}") String applicationId) {
        if (!config.enabled()) {
            return Tracing.off();
        }
        String service = config.serviceName() == null || config.serviceName().isBlank()
                ? applicationId : config.serviceName();
        var exporterBuilder = OtlpHttpSpanExporter.builder().setEndpoint(otlp.endpoint()).setTimeout(otlp.timeout());
        Map<String, String> headers = headers(otlp);
        headers.forEach(exporterBuilder::addHeader);
        OtlpHttpSpanExporter exporter = exporterBuilder.build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        LOG.info("tracing on: service {} exports spans to {} (sampling ratio {}, {} header(s) from {})", service,
                OtlpHeaders.shown(otlp.endpoint()), config.samplingRatio(), headers.size(),
                otlp.headersFile() == null ? "no file" : otlp.headersFile());
        return new Tracing(sdk, sdk::close);
    }

    /** The export's headers from {@code headers-file}; a file that cannot be read stops the service, naming the setting only. */
    private static Map<String, String> headers(OtlpExportConfig otlp) {
        if (otlp.headersFile() == null || otlp.headersFile().isBlank()) {
            return Map.of();
        }
        String setting = OtlpExportConfig.PREFIX + ".headers-file";
        try {
            return OtlpHeaders.parse(java.nio.file.Files.readAllLines(java.nio.file.Path.of(otlp.headersFile())));
        } catch (java.io.IOException e) {
            throw new ConfigurationException(setting + ": " + otlp.headersFile() + " cannot be read");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(setting + ": " + otlp.headersFile() + ": " + e.getMessage());
        }
    }
}
