package io.postflight.gateway;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import io.postflight.kafka.JsonSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the intake remembers of an accepted deployment, by deployment id: when it was accepted and
 * what it was, so that a later event with the same id is told apart as a re-delivery (same
 * deployment) or a conflict (another service, environment, version or digest).
 *
 * @param acceptedAt when the gateway accepted it (epoch milliseconds)
 * @param service service name, {@code null} for an entry written before the description was kept
 * @param environment environment name
 * @param version version deployed
 * @param artifactDigest artifact digest, if the event stated one
 */
public record AcceptedDeployment(long acceptedAt, String service, String environment, String version,
                                 String artifactDigest) {

    static AcceptedDeployment of(long acceptedAt, DeploymentRef d) {
        return new AcceptedDeployment(acceptedAt, d.service(), d.environment(), d.version(), d.artifactDigest());
    }

    /**
     * Whether {@code d} describes another deployment than this one. A digest only one side states
     * is no conflict (CD systems do not always know it); an entry without a description (written
     * by an older gateway, which kept only the time) conflicts with nothing.
     */
    boolean conflictsWith(DeploymentRef d) {
        if (service == null) {
            return false;
        }
        return !service.equals(d.service()) || !environment.equals(d.environment()) || !version.equals(d.version())
                || artifactDigest != null && d.artifactDigest() != null
                && !Objects.equals(artifactDigest, d.artifactDigest());
    }

    /** For a dead letter's detail: {@code checkout 1.4.2 in prod (sha256:...)}. */
    String describe() {
        return service == null ? "an earlier deployment" : describe(service, version, environment, artifactDigest);
    }

    static String describe(String service, String version, String environment, String digest) {
        return service + " " + version + " in " + environment + (digest == null ? "" : " (" + digest + ")");
    }

    /**
     * JSON; also reads the bare 8-byte epoch milliseconds that gateways before this record wrote
     * in the same store, so that an upgrade keeps dropping re-deliveries of what they accepted.
     */
    static Serde<AcceptedDeployment> serde() {
        JsonSerde<AcceptedDeployment> json = JsonSerde.of(AcceptedDeployment.class);
        return Serdes.serdeFrom(json.serializer(), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == Long.BYTES && bytes[0] != '{') {
                return new AcceptedDeployment(ByteBuffer.wrap(bytes).getLong(), null, null, null, null);
            }
            try {
                return Json.MAPPER.readValue(bytes, AcceptedDeployment.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read an accepted deployment from " + topic, e);
            }
        });
    }
}
