package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Maps a CDEvents {@code service.deployed}, {@code service.upgraded} or {@code service.rolledback}
 * (the data of a {@link CdEventEnvelope}) to a {@link DeployEvent}:
 * <ul>
 *   <li>service: {@code customData.postflight.service}, else what {@code subject.id} names, never a
 *       segment equal to the environment, the artifact's package URL name when the id is ambiguous
 *       (see {@link SubjectServiceName})</li>
 *   <li>environment: {@code subject.content.environment.id}</li>
 *   <li>version: {@code customData.postflight.version}, else the artifact's {@code tag} or
 *       {@code version} qualifier, else the artifact's version when it is not a digest (see
 *       {@link ArtifactCoordinates}), else the artifact's digest: an artifact pinned by digest only
 *       is verified with the digest as its identity</li>
 *   <li>artifact digest: the artifact's version when it is a digest</li>
 *   <li>deployment id: {@code customData.postflight.deploymentId}, else the CloudEvent id, which
 *       the CDEvents CloudEvents binding makes equal to the CDEvent {@code context.id}; a re-delivered
 *       record yields the same deployment id</li>
 *   <li>previous version and targets: {@code customData.postflight.previousVersion} and {@code .targets}</li>
 * </ul>
 * For {@code service.rolledback} the artifact is the one rolled back <em>to</em>, which is what now
 * runs and what is verified.
 */
final class CdEventMapper {

    private CdEventMapper() {
    }

    static DeployEvent map(CdEventEnvelope ce) throws RejectedEventException {
        JsonNode cdevent = withReadableCustomData(JsonInput.requireObject(ce.data(), "CDEvent (CloudEvent data)"));
        List<String> violations = ContractSchemas.violations(ContractSchemas.CDEVENT_SERVICE, cdevent);
        if (!violations.isEmpty()) {
            throw invalid("CDEvent " + ce.type() + " breaks its schema: " + ContractSchemas.describe(violations));
        }
        JsonNode context = cdevent.get("context");
        JsonNode subject = cdevent.get("subject");
        JsonNode content = subject.get("content");
        JsonNode postflight = cdevent.path("customData").path("postflight");

        String contextType = context.get("type").textValue();
        if (!CdEventType.parse(ce.type()).sameEventAs(CdEventType.parse(contextType))) {
            throw invalid("CloudEvent type '" + ce.type() + "' and CDEvent context.type '" + contextType
                    + "' announce different events");
        }
        String environment = content.get("environment").get("id").textValue();
        String artifactId = text(content, "artifactId");
        ArtifactCoordinates artifact = ArtifactCoordinates.parse(artifactId);
        String service = text(postflight, "service");
        if (service == null) {
            service = SubjectServiceName.resolve(subject.get("id").textValue(), environment, artifact.name());
        }
        if (service == null) {
            throw invalid("$.subject.id '" + subject.get("id").textValue() + "' names no service (a segment equal"
                    + " to the environment '" + environment + "' is never one) and the artifact has no package"
                    + " URL name; set customData.postflight.service");
        }
        String version = text(postflight, "version");
        if (version == null) {
            version = artifact.version();
        }
        if (version == null) {
            version = artifact.digest();
        }
        if (version == null) {
            throw invalid("no version for the deployment: set customData.postflight.version, or give"
                    + " subject.content.artifactId a purl with a tag or version qualifier, a version or a digest"
                    + " (artifactId is " + (artifactId == null ? "absent" : "'" + artifactId + "'") + ")");
        }
        String deploymentId = text(postflight, "deploymentId");
        if (deploymentId == null) {
            // The binding makes the two equal; an envelope with an id of its own is a new event to
            // CloudEvents (source + id), and one CDEvent wrapped twice is announced twice.
            String contextId = context.get("id").textValue();
            deploymentId = ce.id() == null || ce.id().equals(contextId) ? contextId : ce.id();
        }
        Instant time = ce.time() != null ? ce.time()
                : parseTime(text(context, "timestamp"), "$.context.timestamp");
        DeploymentRef deployment = new DeploymentRef(deploymentId, service, environment, version,
                artifact.digest(), text(postflight, "previousVersion"));
        return new DeployEvent(DeployEvent.SCHEMA, new EventRef(ce.id(), ce.source(), ce.type(), time),
                ce.action(), deployment, targets(postflight.path("targets")), ce.mode().intakeFormat());
    }

    /**
     * CDEvents lets customData be a base64 string when customDataContentType is not JSON-as-object;
     * if it decodes to a JSON object, read that so customData.postflight works in both spellings.
     */
    private static JsonNode withReadableCustomData(JsonNode cdevent) {
        JsonNode customData = cdevent.get("customData");
        if (customData == null || !customData.isTextual()
                || !MediaTypes.isJson(text(cdevent, "customDataContentType"))) {
            return cdevent;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(customData.textValue());
            JsonNode decoded = JsonInput.parse(bytes, "customData");
            if (!decoded.isObject()) {
                return cdevent;
            }
            ObjectNode copy = cdevent.deepCopy();
            copy.set("customData", decoded);
            return copy;
        } catch (IllegalArgumentException | RejectedEventException e) {
            return cdevent; // opaque custom data belongs to the producer, not to Postflight
        }
    }

    static List<Target> targets(JsonNode array) {
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : array) {
            targets.add(new Target(t.get("instance").textValue(), t.get("url").textValue()));
        }
        return targets;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.textValue().isBlank() ? null : value.textValue();
    }

    /** RFC 3339 timestamp, or {@code null} if absent. */
    static Instant parseTime(String value, String where) throws RejectedEventException {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(where + " '" + value + "' is not an RFC 3339 timestamp");
        }
    }

    private static RejectedEventException invalid(String message) {
        return new RejectedEventException(RejectReason.SCHEMA_INVALID, message);
    }
}
