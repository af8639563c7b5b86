package io.postflight.local;

import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stand-in CD system: announces deployments as CDEvents {@code service.deployed} inside
 * CloudEvents, as real CD tools do, in either Kafka binding mode.
 */
public final class ScriptedCd implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public ScriptedCd(String bootstrapServers) {
        this(brokerOnly(bootstrapServers));
    }

    /** A CD system with its own client settings (broker list, TLS, SASL credentials). */
    public ScriptedCd(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Properties brokerOnly(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /**
     * Announces a deployment.
     *
     * @param structured structured mode (one JSON CloudEvent) or binary mode (ce_* headers)
     * @return the deployment id
     */
    public String deployed(String service, String environment, String version, String previousVersion,
                           List<DemoTarget> instances, boolean structured) throws Exception {
        Map<String, String> urls = new LinkedHashMap<>();
        instances.forEach(t -> urls.put(t.instance(), t.url()));
        return deployedAt(service, environment, version, previousVersion, urls, structured);
    }

    /** As {@link #deployed}, with the instances' base URLs given as they are (instance name to URL). */
    public String deployedAt(String service, String environment, String version, String previousVersion,
                             Map<String, String> instances, boolean structured) throws Exception {
        String ceId = UUID.randomUUID().toString();
        String deploymentId = service + "-" + version + "-" + ceId.substring(0, 8);
        producer.send(announcement(ceId, deploymentId, service, environment, version, previousVersion, instances,
                structured)).get();
        return deploymentId;
    }

    /**
     * The record a CD system writes to announce a deployment: a CDEvent {@code service.deployed}
     * with Postflight's custom data (deployment id, versions, targets), as one structured
     * CloudEvent or in binary mode, keyed by slot. For load benchmarks that send their own.
     */
    public static ProducerRecord<byte[], byte[]> announcement(String ceId, String deploymentId, String service,
                                                              String environment, String version,
                                                              String previousVersion, Map<String, String> instances,
                                                              boolean structured) throws Exception {
        String type = "dev.cdevents.service.deployed.0.2.0";
        String time = Instant.now().toString();
        Map<String, Object> cdevent = new LinkedHashMap<>();
        cdevent.put("context", Map.of("specversion", "0.4.1", "id", ceId, "source", "/postflight/demo/cd",
                "type", type, "timestamp", time));
        cdevent.put("subject", Map.of("id", service, "source", "/postflight/demo/cd", "type", "service",
                "content", Map.of("environment", Map.of("id", environment, "source", "/postflight/demo/cd"),
                        "artifactId", "pkg:oci/" + service + "@sha256:" + sha(version) + "?tag=" + version)));
        cdevent.put("customData", Map.of("postflight", Map.of("deploymentId", deploymentId,
                "version", version, "previousVersion", previousVersion,
                "targets", instances.entrySet().stream()
                        .map(t -> Map.of("instance", t.getKey(), "url", t.getValue())).toList())));
        cdevent.put("customDataContentType", "application/json");
        ProducerRecord<byte[], byte[]> record;
        byte[] key = (service + "/" + environment).getBytes(StandardCharsets.UTF_8);
        if (structured) {
            Map<String, Object> ce = new LinkedHashMap<>();
            ce.put("specversion", "1.0");
            ce.put("id", ceId);
            ce.put("source", "/postflight/demo/cd");
            ce.put("type", type);
            ce.put("time", time);
            ce.put("datacontenttype", "application/json");
            ce.put("data", cdevent);
            record = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), key, Json.MAPPER.writeValueAsBytes(ce));
            record.headers().add("content-type", bytes("application/cloudevents+json; charset=UTF-8"));
        } else {
            record = new ProducerRecord<>(Topics.DEPLOY_EVENTS.name(), key, Json.MAPPER.writeValueAsBytes(cdevent));
            record.headers().add("ce_specversion", bytes("1.0"));
            record.headers().add("ce_id", bytes(ceId));
            record.headers().add("ce_source", bytes("/postflight/demo/cd"));
            record.headers().add("ce_type", bytes(type));
            record.headers().add("ce_time", bytes(time));
            record.headers().add("content-type", bytes("application/json"));
        }
        return record;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha(String version) throws Exception {
        var md = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of().formatHex(md.digest(version.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
