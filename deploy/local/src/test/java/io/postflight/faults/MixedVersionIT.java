package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A pipeline of mixed releases, as during a rolling upgrade of Postflight: the gateway is still on
 * the previous release and writes {@code postflight.verification-started/1} records (simulated by
 * that version's committed golden record, given this run's deployment and target), while the
 * health verifier and decision engine run this release. The deployment is verified and decided
 * exactly once.
 */
class MixedVersionIT {
    private static final Path GOLDEN_V1 = Path.of(
            "../../contracts/src/test/resources/golden/postflight.verification-started_1/02.json");

    @Test
    void aVerificationWrittenByThePreviousReleaseIsDecidedOnceByThisOne() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            String service = bench.service("mixed", 0);
            DemoTarget target = bench.instances(service, "2.0", Behaviour.HEALTHY, 1).get(0);
            bench.startInProcess(List.of("health", "decision"));

            ObjectNode v1 = (ObjectNode) Json.MAPPER.readTree(GOLDEN_V1.toFile());
            assertThat(v1.get("schema").textValue()).isEqualTo("postflight.verification-started/1");
            String id = service + "-2.0-v1";
            ObjectNode deployment = (ObjectNode) v1.get("deployment");
            deployment.put("deploymentId", id).put("service", service).put("environment", FaultBench.ENVIRONMENT)
                    .put("version", "2.0").put("previousVersion", "1.0");
            ArrayNode targets = v1.putArray("targets");
            targets.addObject().put("instance", target.instance()).put("url", target.url());
            v1.putArray("phases").add("HEALTH");
            v1.put("startedAt", Instant.now().toString());

            Properties p = new Properties();
            p.put("bootstrap.servers", bench.kafka());
            try (KafkaProducer<String, byte[]> previousGateway = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                previousGateway.send(new ProducerRecord<>(Topics.VERIFICATIONS.name(),
                        service + "/" + FaultBench.ENVIRONMENT, Json.MAPPER.writeValueAsBytes(v1))).get();
            }

            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), Map.of(id, 1), Duration.ofMinutes(3),
                    Duration.ofSeconds(8));
            List<Decision> decisions = seen.decisions().get(id);
            assertThat(decisions).as(decisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE);
        }
    }
}
