package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.runtime.TopicProvisioning;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as {@code postflight} starts it, on a broker of its own that holds no topic:
 * the first service to start creates the catalogue before its streams start, the others find it,
 * and every service's Kafka Streams application runs (a stream whose source topic is missing fails);
 * the gateway's HTTP intake takes a deploy event with the token the launcher prints.
 */
class LocalStackIT {

    @Test
    void onAFreshBrokerTheFirstServiceCreatesTheCatalogueAndEveryServiceRunsItsStreams() throws Exception {
        try (LocalStack stack = LocalStack.start(new String[0], Map.of("postflight.http-port", -1))) {
            Map<String, ApplicationContext> services = stack.contexts();
            assertThat(services).containsKeys("decision", "discovery", "health", "baseline", "drift", "gateway");
            List<String> first = services.values().iterator().next().getBean(TopicProvisioning.class).created();
            assertThat(first).containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(TopicSpec::name).toList());
            // The others find the catalogue; the verdict API creates only its own topics.
            services.values().stream().skip(1).forEach(ctx ->
                    assertThat(ctx.getBean(TopicProvisioning.class).created())
                            .isSubsetOf(List.of(io.postflight.verdict.stream.VerdictApiTopology.HISTORY.name(),
                                    io.postflight.verdict.stream.VerdictApiTopology.GATE_RECORDS.name(),
                                    io.postflight.verdict.stream.VerdictApiTopology.GATE_ANSWERS.name())));

            services.forEach((name, ctx) -> await(name + "'s Kafka Streams running").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            assertThat(ctx.getBeansOfType(KafkaStreams.class)).isNotEmpty()
                                    .extracting(KafkaStreams::state).containsOnly(KafkaStreams.State.RUNNING)));

            // The gateway's HTTP intake is on, with the token the launcher prints.
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            stack.describeIntake(new PrintStream(printed, true, StandardCharsets.UTF_8));
            String url = "http://localhost:" + stack.httpPorts().get("gateway") + LocalIntake.PATH;
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("POST " + url);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + stack.intake().deployerToken(Instant.now()))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"postflight.deploy/1\","
                                    + "\"deploymentId\":\"local-stack-it\",\"service\":\"checkout\","
                                    + "\"environment\":\"dev\",\"version\":\"1.0.0\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(answer.body()).contains("\"deploymentId\":\"local-stack-it\"");

            // The Flagger gate takes the webhook token the launcher prints (Flagger sends no headers).
            String flaggerToken = stack.intake().flaggerToken();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("metadata.token: " + flaggerToken);
            HttpResponse<String> gate = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://localhost:" + stack.httpPorts().get("verdict-api") + "/gates/flagger/confirm-promotion"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"checkout\",\"namespace\":\"dev\","
                            + "\"phase\":\"Progressing\",\"metadata\":{\"token\":\"" + flaggerToken + "\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gate.statusCode()).as("let in, and held while undecided: " + gate.body()).isEqualTo(412);
            assertThat(gate.body()).contains("\"decision\"");
        }
    }
}
