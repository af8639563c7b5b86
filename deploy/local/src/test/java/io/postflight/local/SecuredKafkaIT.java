package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.runtime.CatalogueNewTopics;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.SecuredKafka;
import io.postflight.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Postflight against a broker that speaks only {@code SASL_SSL}: TLS with a certificate made for
 * this run, one SCRAM user per service, each password in a mounted file, and ACLs enforced: each
 * user has exactly the rights docs/kafka-security.md lists for its service. The gateway, health
 * verifier and decision engine verify a deployment end to end through it; the broker refuses a
 * wrong password and a verifier's write to the decisions topic; and no password appears in any log line, exception or {@code /health} answer of
 * the run (Kafka's own configuration dump shows them as {@code [hidden]}).
 */
class SecuredKafkaIT {
    private static final List<String> SERVICES = List.of("decision", "discovery", "health", "gateway");

    @TempDir
    Path work;

    @Test
    void aDeploymentIsVerifiedOverSaslSslAndNoSecretIsEverPrinted() throws Exception {
        CapturedLogs logs = CapturedLogs.capture();
        List<ApplicationContext> running = new ArrayList<>();
        Map<String, String> passwords = new HashMap<>();
        try (SecuredKafka kafka = SecuredKafka.start(work, true)) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            createCatalogue(kafka);
            for (String s : SERVICES) {
                passwords.put(s, "pw-" + UUID.randomUUID());
                kafka.scramUser("postflight-" + s, passwords.get(s));
            }
            String cdPassword = "pw-" + UUID.randomUUID();
            kafka.scramUser("cd-system", cdPassword);
            grant(kafka, ServiceAcls.of("cd-system", null, List.of(), List.of(Topics.DEPLOY_EVENTS.name())));
            grant(kafka, ServiceAcls.of("postflight-gateway", "secured-gateway-" + run,
                    List.of(Topics.DEPLOY_EVENTS.name()),
                    List.of(Topics.VERIFICATIONS.name(), Topics.DEAD_LETTER.name())));
            // The health verifier acts on overrides the decision engine applied: it reads their audit records;
            // and it follows discovered pods (ADR 0029): it reads their snapshots.
            grant(kafka, ServiceAcls.of("postflight-health", "secured-health-" + run,
                    List.of(Topics.VERIFICATIONS.name(), Topics.AUDIT.name(), Topics.TARGETS.name()),
                    List.of(Topics.PHASE_RESULTS.name(), Topics.DEAD_LETTER.name())));
            grant(kafka, ServiceAcls.of("postflight-discovery", "secured-discovery-" + run,
                    List.of(Topics.VERIFICATIONS.name(), Topics.AUDIT.name(), Topics.PHASE_RESULTS.name()),
                    List.of(Topics.TARGETS.name(), Topics.DEAD_LETTER.name())));
            grant(kafka, ServiceAcls.of("postflight-decision", "secured-decision-" + run,
                    List.of(Topics.VERIFICATIONS.name(), Topics.PHASE_RESULTS.name(), Topics.OVERRIDES.name()),
                    List.of(Topics.DECISIONS.name(), Topics.VERDICTS.name(), Topics.ALERTS.name(),
                            Topics.AUDIT.name(), Topics.DEAD_LETTER.name())));
            for (String s : SERVICES) {
                running.add(LocalStack.startService(s, new String[] {"demo"}, settings(kafka, s, run,
                        Files.writeString(work.resolve(s + ".password"), passwords.get(s) + "\n"))));
            }

            try (DemoTarget target = new DemoTarget("secured-" + run + "-0", "2.0", Behaviour.HEALTHY);
                 ScriptedCd cd = new ScriptedCd(kafka.clientProperties("cd-system", cdPassword));
                 TopicReader decisions = new TopicReader(kafka.adminProperties(), Topics.DECISIONS.name())) {
                String id = cd.deployed("secured-" + run, "secured", "2.0", "1.0", List.of(target), true);
                List<ConsumerRecord<String, byte[]>> seen = decisions.until(rs -> rs.stream()
                        .anyMatch(r -> new String(r.value()).contains(id)), Duration.ofMinutes(3));
                Decision decision = seen.stream().filter(r -> new String(r.value()).contains(id))
                        .map(SecuredKafkaIT::decision).findFirst().orElseThrow();
                assertThat(decision.kind()).as(decision.reasons().toString()).isEqualTo(DecisionKind.PROMOTE);

                // A deployment without targets goes to discovery; its cluster is not configured, so the
                // discovery service publishes an incomplete snapshot saying so: under its own user.
                String discovered = cd.deployed("secured-" + run + "-k8s", "secured", "2.0", "1.0", List.of(), true);
                try (TopicReader targets = new TopicReader(kafka.adminProperties(), Topics.TARGETS.name())) {
                    assertThat(targets.until(rs -> rs.stream().anyMatch(r -> new String(r.value()).contains(discovered)),
                            Duration.ofMinutes(3)).stream().map(r -> new String(r.value()))
                            .filter(v -> v.contains(discovered)).findFirst().orElseThrow())
                            .contains("cluster nowhere is not configured");
                }
            }

            assertThatThrownBy(() -> describeCluster(kafka.clientProperties("postflight-health", "wrong")))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
            // Only the decision engine writes decisions: the health verifier's own user cannot.
            assertThatThrownBy(() -> write(kafka.clientProperties("postflight-health", passwords.get("health")),
                    Topics.DECISIONS.name())).hasRootCauseInstanceOf(TopicAuthorizationException.class);

            List<String> secrets = new ArrayList<>(passwords.values());
            secrets.add(cdPassword);
            for (ApplicationContext service : running) {
                String health = get(service, "/health");
                assertThat(secrets).noneMatch(health::contains);
            }
            assertThat(logs.text()).as("Kafka's configuration dump, passwords hidden").contains("[hidden]");
            assertThat(secrets).as("secrets in the run's logs").noneMatch(logs.text()::contains);
        } finally {
            java.util.Collections.reverse(running);
            running.forEach(ApplicationContext::close);
            logs.stop();
        }
    }

    private Map<String, Object> settings(SecuredKafka kafka, String service, String run, Path password) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("postflight.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("postflight.kafka.security.protocol", "SASL_SSL");
        p.put("postflight.kafka.security.username", "postflight-" + service);
        p.put("postflight.kafka.security.password-file", password.toString());
        p.put("postflight.kafka.security.truststore-file", kafka.caCertificate().toString());
        p.put("postflight.state-dir", Files.createTempDirectory(work, service).toString());
        p.put("postflight.streams." + service + ".application-id", "secured-" + service + "-" + run);
        p.put("postflight.gateway.phases", "HEALTH");
        p.put("postflight.discovery.workloads[0].service", "secured-" + run + "-k8s");
        p.put("postflight.discovery.workloads[0].clusters", "nowhere");
        // Created beforehand by an administrator: the services' users may not create topics here.
        p.put("postflight.kafka.provision-topics", false);
        p.put("micronaut.server.port", -1);
        p.put("postflight.http-port", -1);
        return p;
    }

    private static void createCatalogue(SecuredKafka kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            admin.createTopics(Topics.all().stream().map(t -> CatalogueNewTopics.newTopic(t, (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void grant(SecuredKafka kafka, List<AclBinding> acls) throws Exception {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void write(Properties client, String topic) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put("max.block.ms", 20_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "slot", "{}")).get(30, TimeUnit.SECONDS);
        }
    }

    private static void describeCluster(Properties client) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        }
    }

    private static String get(ApplicationContext service, String path) throws Exception {
        int port = service.getBean(EmbeddedServer.class).getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Decision decision(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readValue(r.value(), Decision.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every log event of this JVM while the test runs, with its exception, as text. */
    private static final class CapturedLogs extends AppenderBase<ILoggingEvent> {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final Level kafkaLevel = kafka().getLevel();

        static CapturedLogs capture() {
            // Kafka's clients print their whole configuration at INFO: an operator may turn it on.
            kafka().setLevel(Level.INFO);
            CapturedLogs logs = new CapturedLogs();
            logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            logs.start();
            root().addAppender(logs);
            return logs;
        }

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }

        String text() {
            return String.join("\n", lines);
        }

        @Override
        public void stop() {
            root().detachAppender(this);
            kafka().setLevel(kafkaLevel);
            super.stop();
        }

        private static Logger kafka() {
            return (Logger) LoggerFactory.getLogger("org.apache.kafka");
        }

        private static Logger root() {
            return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        }
    }
}
