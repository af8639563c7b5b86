package io.postflight.provider.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Target;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsPagesTest {

    @Test
    void buildsEachPageUnderTheInstancesBasePath() {
        MetricsPages pages = MetricsPages.of(List.of(new Target("a", "http://10.0.0.7:8080/app/"),
                new Target("b", "https://b.svc")), "/metrics");
        assertThat(pages.pages()).containsExactly(URI.create("http://10.0.0.7:8080/app/metrics"),
                URI.create("https://b.svc:443/metrics"));
        assertThat(pages.refused()).isEmpty();
    }

    @Test
    void refusesMalformedUrlsWithTheReasonInsteadOfThrowing() {
        MetricsPages pages = MetricsPages.of(List.of(new Target("empty", "http://"),
                new Target("port", "http://h:abc/"), new Target("ok", "http://ok:9090")), "/metrics");
        assertThat(pages.pages()).containsExactly(URI.create("http://ok:9090/metrics"));
        assertThat(pages.refused()).containsOnlyKeys("empty", "port");
        assertThat(pages.describeRefused()).startsWith("target refused for 2 instance(s)")
                .contains("no valid host and port");
    }
}
