package io.postflight.discovery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.postflight.provider.kubernetes.ksm.PrometheusInstantQueries;
import io.postflight.provider.prometheus.PrometheusHttpApi;
import io.postflight.provider.source.MetricsProviderKind;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.MetricsSourceBinder;
import io.postflight.resilience.ResilientCalls;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus the {@code kube-state-metrics} source reads, configured in the one metrics-source
 * shape of the phases (ADR 0009) under {@link #PREFIX}: {@code prometheus.url}, {@code .headers},
 * {@code timeout}, {@code attempts}, {@code backoff}. Only the {@code prometheus} provider applies, and
 * its URL must be set: the shared default (a Prometheus on localhost) is never what a discovery
 * service in a cluster means, so start-up stops naming the property instead.
 */
final class KubeStateMetricsPrometheus {
    private static final Logger LOG = LoggerFactory.getLogger(KubeStateMetricsPrometheus.class);

    /** Where the shared metrics-source shape is read for discovery. */
    static final String PREFIX = DiscoveryConfig.METRICS_PREFIX;
    /** The circuit breaker's (and its meters') name. */
    static final String TARGET = "discovery-prometheus";

    private KubeStateMetricsPrometheus() {
    }

    /** The source as configured, checked; {@code poller} runs the watches' reads. */
    static KubeStateMetricsPodSource podSource(DiscoveryConfig config, Environment env, MeterRegistry registry,
                                               ScheduledExecutorService poller) {
        MetricsSource source = bind(env);
        PrometheusHttpApi api = new PrometheusHttpApi(source.prometheus().url(), source.timeout(),
                source.prometheus().headers());
        ResilientCalls calls = new ResilientCalls(source.resilience(), registry);
        LOG.info("discovery reads kube-state-metrics from Prometheus at {} every {}", source.prometheus().url(),
                config.poll());
        return new KubeStateMetricsPodSource(new PrometheusInstantQueries(api, calls, TARGET, Clock.systemUTC()),
                poller, config.poll(), () -> {
                    calls.close();
                    api.close();
                });
    }

    /**
     * The metrics source under {@link #PREFIX}.
     *
     * @throws ConfigurationException naming the property when the URL is unset or the provider is not Prometheus
     */
    static MetricsSource bind(Environment env) {
        MetricsSource source = MetricsSourceBinder.bind(env, PREFIX);
        if (source.provider() != MetricsProviderKind.PROMETHEUS) {
            throw new ConfigurationException(PREFIX + ".provider: kube-state-metrics is read through Prometheus;"
                    + " 'prometheus' is the only provider postflight.discovery.source: kube-state-metrics takes");
        }
        if (!env.containsProperty(PREFIX + ".prometheus.url")) {
            throw new ConfigurationException(PREFIX + ".prometheus.url is not set: postflight.discovery.source:"
                    + " kube-state-metrics reads the pods from that Prometheus");
        }
        return source;
    }
}
