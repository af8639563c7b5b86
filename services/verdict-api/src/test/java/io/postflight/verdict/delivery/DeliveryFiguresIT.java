package io.postflight.verdict.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import io.postflight.verdict.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Delivery figures on a real broker and a real HTTP server: a scripted week of deployments written
 * to the topics as the services write them is served by {@code GET /delivery} exactly as worked out
 * by hand ({@link DeliveryFiguresTest}), exported as {@code postflight_delivery_*} gauges, and
 * served the same after a restart that lost the instance's local state (rebuilt from the topics).
 */
class DeliveryFiguresIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS);
    private static final Map<String, Object> REFRESH_EVERY_SECOND = Map.of("postflight.verdict-api.delivery.refresh", "1s");

    @Test
    void aScriptedWeekIsCountedRightServedAsGaugesAndSurvivesARestart() throws Exception {
        String env = "prod-" + RUN;
        DeliveryScript week = DeliveryScript.aWeek(T0, "shop-" + RUN, "cart-" + RUN, env);
        Instant to = T0.plus(Duration.ofDays(7));
        // Through text, as served: numbers then compare by their JSON form (600 is an int either way).
        JsonNode expected = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                DeliveryFigures.of(week.histories(), T0, to, null, env)));
        String query = "/delivery?environment=" + env + "&from=" + T0 + "&to=" + to;
        String appId = "delivery-it-" + RUN;
        String reader = TestApi.token("board", List.of("viewer"));
        try (TestApi api = TestApi.start(appId, REFRESH_EVERY_SECOND)) {
            TestApi.write(week);
            JsonNode served = api.awaitJson(query, reader, expected::equals);
            assertThat(served.at("/total/deployments").asInt()).isEqualTo(9);
            assertThat(served.at("/slots/1/changeFailureRate").asDouble()).isEqualTo(2 / 6.0);

            // The gauges cover the default window (30 days, ending now), so d0 of the day before counts too.
            String shop = "environment=\"" + env + "\",service=\"shop-" + RUN + "\"";
            await().atMost(TestApi.WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String metrics = api.get("/prometheus", null).body();
                assertThat(metrics).contains("postflight_delivery_deployments{" + shop + "} 9.0");
                assertThat(metrics).contains("postflight_delivery_change_failures{" + shop + "} 2.0");
                assertThat(metrics).contains("postflight_delivery_restore_median_seconds{" + shop + "} 300.0");
            });

            assertThat(api.get(query, null).statusCode()).isEqualTo(401);
            for (String path : List.of("/delivery/", "/delivery/?x=1", "/rollbacks/")) {
                assertThat(api.get(path, null).statusCode()).as(path).isEqualTo(401);
            }
            // A window past the kept history is cut to it (30 days up to now), and says so.
            JsonNode cut = Json.MAPPER.readTree(api.get("/delivery?environment=" + env
                    + "&from=2020-01-01T00:00:00Z&to=2999-01-01T00:00:00Z", reader).body());
            assertThat(Instant.parse(cut.path("from").asText())).isAfter(Instant.now().minus(Duration.ofDays(31)));
            assertThat(Instant.parse(cut.path("to").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(cut.at("/total/deployments").asInt()).as("d0 to d8 of both slots").isEqualTo(10);
            assertThat(api.get("/delivery?from=-1000000000-01-01T00:00:00Z", reader).statusCode())
                    .as("the earliest instant there is, cut to the kept history").isEqualTo(200);
            for (String extreme : List.of("from=+1000000000-01-01T00:00:00Z", "to=-1000000000-01-01T00:00:00Z",
                    "from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z")) {
                HttpResponse<String> refused = api.get("/delivery?" + extreme, reader);
                assertThat(refused.statusCode()).as(extreme).isEqualTo(400);
                assertThat(refused.body()).contains("invalid-query");
            }
            HttpResponse<String> backwards = api.get("/delivery?from=" + to + "&to=" + T0, reader);
            assertThat(backwards.statusCode()).isEqualTo(400);
            assertThat(backwards.body()).contains("invalid-query").contains("from must be before to");
            HttpResponse<String> malformed = api.get("/delivery?from=yesterday", reader);
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("ISO-8601");
        }
        // Same service, its local state lost (a new disk): the figures come back from the topics.
        try (TestApi again = TestApi.start(appId, REFRESH_EVERY_SECOND)) {
            assertThat(again.awaitJson(query, reader, expected::equals)).isEqualTo(expected);
        }
    }
}
