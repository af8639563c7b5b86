package io.postflight.verdict.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.verdict.TestApi;
import io.postflight.verdict.delivery.DeliveryScript;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rollback verification on a real broker and a real HTTP server: a ROLLBACK that the CD system never
 * carries out is reported overdue (the gauge the critical alert reads, the detected counter, and
 * {@code GET /rollbacks}); one whose rolled-back-to version is announced and promoted is complete;
 * one decided a moment ago is waiting, not overdue; and the overdue one leaves the gauge once its
 * rollback arrives and passes.
 */
class RollbackVerificationIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aRollbackNeverCarriedOutIsOverdueUntilItsVersionIsBackAndHealthy() throws Exception {
        String shop = "shop-" + RUN;
        DeploymentRef stuck = DeliveryScript.ref("stuck-" + RUN, shop, "prod", "1.3.0", "1.2.0");
        DeploymentRef stuckBack = DeliveryScript.ref("stuck-back-" + RUN, shop, "prod", "1.2.0", "1.3.0");
        DeploymentRef done = DeliveryScript.ref("done-" + RUN, "cart-" + RUN, "prod", "2.1.0", "2.0.0");
        DeploymentRef doneBack = DeliveryScript.ref("done-back-" + RUN, "cart-" + RUN, "prod", "2.0.0", "2.1.0");
        DeploymentRef fresh = DeliveryScript.ref("fresh-" + RUN, "search-" + RUN, "prod", "3.1.0", "3.0.0");
        DeliveryScript s = new DeliveryScript(T0)
                .deployed(stuck, Duration.ZERO).decided(stuck, DecisionKind.ROLLBACK, false, Duration.ofMinutes(5))
                .deployed(done, Duration.ZERO).decided(done, DecisionKind.ROLLBACK, false, Duration.ofMinutes(5))
                .rollbackAnnounced(doneBack, Duration.ofMinutes(6))
                .decided(doneBack, DecisionKind.PROMOTE, false, Duration.ofMinutes(9))
                .deployed(fresh, Duration.ofMinutes(55)).decided(fresh, DecisionKind.ROLLBACK, false, Duration.ofMinutes(58));
        try (TestApi api = TestApi.start("rollback-it-" + RUN, Map.of(
                "postflight.verdict-api.rollback.check-every", "1s",
                "postflight.verdict-api.rollback.environments[0]", "prod"))) {
            TestApi.write(s);
            String token = TestApi.token("oncall", List.of("viewer"));
            JsonNode stuckNow = api.awaitJson("/rollbacks?service=" + shop, token, b -> b.size() == 1);
            assertThat(stuckNow.get(0).path("state").asText()).isEqualTo("WAITING");
            assertThat(stuckNow.get(0).path("overdue").asBoolean()).isTrue();
            assertThat(stuckNow.get(0).path("summary").asText()).contains("expected 1.2.0 back, past the deadline of 20 min");
            JsonNode cart = api.awaitJson("/rollbacks?service=cart-" + RUN, token, b -> b.size() == 1);
            assertThat(cart.get(0).path("state").asText()).isEqualTo("COMPLETED");
            assertThat(cart.get(0).path("onTarget").asBoolean()).isTrue();
            JsonNode search = api.awaitJson("/rollbacks?service=search-" + RUN, token, b -> b.size() == 1);
            assertThat(search.get(0).path("state").asText()).isEqualTo("WAITING");
            assertThat(search.get(0).path("overdue").asBoolean()).as("decided 2 minutes ago").isFalse();

            String row = "postflight_rollback_incomplete_seconds{deployment_id=\"" + stuck.deploymentId()
                    + "\",environment=\"prod\",service=\"" + shop + "\",version=\"1.3.0\"}";
            await().atMost(TestApi.WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String metrics = api.get("/prometheus", null).body();
                assertThat(metrics).contains(row);
                assertThat(metrics).doesNotContain("deployment_id=\"" + done.deploymentId() + "\"")
                        .doesNotContain("deployment_id=\"" + fresh.deploymentId() + "\"");
                assertThat(metrics).containsPattern("postflight_rollbacks_incomplete_detected_total(\\{[^}]*})? [1-9]");
            });
            assertThat(api.get("/rollbacks?state=sideways", token).statusCode()).isEqualTo(400);
            assertThat(api.get("/rollbacks?overdue=banana", token).statusCode()).isEqualTo(400);
            assertThat(api.get("/rollbacks", null).statusCode()).isEqualTo(401);

            // The CD system finally rolls back, and the old version passes its own verification.
            Duration now = Duration.between(T0, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
            DeliveryScript late = new DeliveryScript(T0).rollbackAnnounced(stuckBack, now.minusSeconds(30))
                    .decided(stuckBack, DecisionKind.PROMOTE, false, now.minusSeconds(5));
            TestApi.write(late);
            JsonNode restored = api.awaitJson("/rollbacks?service=" + shop + "&state=COMPLETED", token,
                    b -> b.size() == 1);
            assertThat(restored.get(0).path("by").asText()).isEqualTo(stuckBack.deploymentId());
            await().atMost(TestApi.WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(api.get("/prometheus", null).body()).doesNotContain(row));
        }
    }
}
