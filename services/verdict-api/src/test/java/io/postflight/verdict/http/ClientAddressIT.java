package io.postflight.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who an anonymous caller of the verdict API is for its rate limit, on real HTTP: the connection's
 * address, so that writing a fresh {@code X-Forwarded-For} per request buys no fresh budget; the
 * header counts only when the peer is a configured trusted proxy.
 */
class ClientAddressIT {
    private static final Map<String, Object> ONE_A_MINUTE =
            Map.of("postflight.verdict-api.requests-per-minute", 1, "postflight.verdict-api.burst", 1);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aForwardingHeaderFromAnUntrustedPeerBuysNoFreshBudget() throws Exception {
        try (ApplicationContext api = ManagementEndpointsIT.start(ONE_A_MINUTE)) {
            URI base = base(api);
            assertThat(get(base, "198.51.100.1").statusCode()).isEqualTo(401);
            HttpResponse<String> second = get(base, "198.51.100.2");
            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(second.body()).contains("rate-limited");
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBudget() throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(ONE_A_MINUTE);
        props.put("postflight.verdict-api.client-address.trusted-proxies", "127.0.0.1/32");
        try (ApplicationContext api = ManagementEndpointsIT.start(props)) {
            URI base = base(api);
            assertThat(get(base, "198.51.100.1").statusCode()).isEqualTo(401);
            assertThat(get(base, "198.51.100.2").statusCode()).as("another client").isEqualTo(401);
            assertThat(get(base, "198.51.100.1").statusCode()).as("the first client again").isEqualTo(429);
        }
    }

    @Test
    void aMalformedTrustedProxyStopsTheServiceAtStartUp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ManagementEndpointsIT.start(
                        Map.of("postflight.verdict-api.client-address.trusted-proxies", "10.0.0.0/99")).close())
                .hasStackTraceContaining("postflight.verdict-api.client-address.trusted-proxies");
    }

    private static URI base(ApplicationContext api) {
        return URI.create("http://127.0.0.1:" + api.getBean(EmbeddedServer.class).getPort());
    }

    private HttpResponse<String> get(URI base, String forwardedFor) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/deployments?limit=1")).timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", forwardedFor).build(), HttpResponse.BodyHandlers.ofString());
    }
}
