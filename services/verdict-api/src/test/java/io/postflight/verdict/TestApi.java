package io.postflight.verdict;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.Json;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.verdict.delivery.DeliveryScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A verdict API as it runs, for the ITs: the real application context on the in-JVM broker, a real
 * HTTP server on a free port, bearer tokens signed with a secret made per run, and the records of a
 * {@link DeliveryScript} written to the topics as the services write them.
 */
public final class TestApi implements AutoCloseable {
    public static final Duration WITHIN = Duration.ofSeconds(180);
    private static final String SECRET = randomSecret();
    private final ApplicationContext context;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestApi(ApplicationContext context) {
        this.context = context;
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        this.base = URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** A verdict API with Kafka Streams application id {@code appId} and a fresh state directory, plus {@code props}. */
    public static TestApi start(String appId, Map<String, Object> props) throws Exception {
        Map<String, Object> all = new HashMap<>();
        all.put("postflight.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        all.put("postflight.state-dir", Files.createTempDirectory(appId).toString());
        all.put("postflight.streams.verdict-api.application-id", appId);
        all.put("micronaut.server.port", -1);
        all.put("micronaut.security.token.jwt.signatures.secret.api.secret", SECRET);
        all.putAll(props);
        return new TestApi(ApplicationContext.builder("verdict-api").properties(all).deduceEnvironment(false).start());
    }

    public ApplicationContext context() {
        return context;
    }

    /** A token for {@code subject} with {@code roles}, valid ten minutes. */
    public static String token(String subject, List<String> roles) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("roles", roles).issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** {@code GET path}, with the bearer token when not {@code null}. */
    public HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST path} with a JSON body, with the bearer token when not {@code null}. */
    public HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON body of the first {@code 200} to {@code GET path} that {@code done} accepts, within {@link #WITHIN}. */
    public JsonNode awaitJson(String path, String token, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() <= 500) {
                        System.err.println("last served " + path + ": " + last[0]);
                    }
                }).until(() -> {
                    HttpResponse<String> r = get(path, token);
                    if (r.statusCode() != 200) {
                        return false;
                    }
                    last[0] = Json.MAPPER.readTree(r.body());
                    return done.test(last[0]);
                });
        return last[0];
    }

    /** Writes the script's records to their topics, in order, each acknowledged. */
    public static void write(DeliveryScript script) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaTestBroker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (DeliveryScript.Step s : script.steps()) {
                producer.send(new ProducerRecord<>(s.topic().name(), s.key(), Json.MAPPER.writeValueAsBytes(s.record())))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        context.close();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
