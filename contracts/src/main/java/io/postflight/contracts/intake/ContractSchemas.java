package io.postflight.contracts.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas (draft 2020-12) of the contract records, loaded from {@code classpath:schemas/}.
 * Schemas refer to each other by their {@code $id} under {@link #BASE_URI}, which is mapped onto the
 * classpath, so nothing is fetched over the network. Format assertions are on: a {@code date-time}
 * that is not RFC 3339 is a violation, not an annotation.
 */
public final class ContractSchemas {

    /** Prefix of every schema's {@code $id}; a name, not a URL anything is fetched from. */
    public static final String BASE_URI = "https://postflight.io/schemas/";

    public static final String DEPLOY_EVENT = "deploy-event.schema.json";
    public static final String PLAIN_DEPLOY = "deploy.schema.json";
    public static final String VERIFICATION_STARTED = "verification-started.schema.json";
    public static final String PHASE_RESULT = "phase-result.schema.json";
    public static final String TARGETS_CHANGED = "targets-changed.schema.json";
    public static final String DECISION = "decision.schema.json";
    public static final String VERDICT = "verdict.schema.json";
    public static final String ALERT = "alert.schema.json";
    public static final String EVIDENCE = "evidence.schema.json";
    public static final String OVERRIDE = "override.schema.json";
    public static final String AUDIT = "audit.schema.json";
    /** A release gate answer on the bus: a CloudEvent carrying a CDEvents custom event (the verdict API writes it). */
    public static final String RELEASE_GATE_ANSWERED = "release-gate-answered.schema.json";
    /** The CDEvents service events as Postflight reads them (lenient across spec versions). */
    public static final String CDEVENT_SERVICE = "cdevent-service.schema.json";

    /** Schema file by the {@code schema} value a record carries. */
    public static final Map<String, String> FILE_BY_SCHEMA_ID = Map.of(
            "postflight.deploy-event/1", DEPLOY_EVENT,
            "postflight.deploy/1", PLAIN_DEPLOY,
            "postflight.verification-started/2", VERIFICATION_STARTED,
            "postflight.targets-changed/1", TARGETS_CHANGED,
            "postflight.phase-result/1", PHASE_RESULT,
            "postflight.decision/2", DECISION,
            "postflight.verdict/2", VERDICT,
            "postflight.alert/1", ALERT,
            "postflight.override/1", OVERRIDE,
            "postflight.audit/1", AUDIT);

    /** At most this many violations are reported, so a dead-letter header stays readable. */
    public static final int MAX_REPORTED_VIOLATIONS = 5;

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** The compiled schema in {@code classpath:schemas/<file>}; thread-safe and cached. */
    public static JsonSchema schema(String file) {
        return CACHE.computeIfAbsent(file, f -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_URI + f), CONFIG);
            schema.initializeValidators(); // resolve every $ref now, not on the first record
            return schema;
        });
    }

    /**
     * Every violation of {@code file}'s schema by {@code instance}, as sorted messages that start
     * with the JSON path of the field, e.g. {@code "$.service: is missing but it is required"} or
     * {@code "$.version: integer found, string expected"}; empty when valid.
     */
    public static List<String> violations(String file, JsonNode instance) {
        return schema(file).validate(instance).stream()
                .map(ContractSchemas::message)
                .distinct()
                .sorted()
                .toList();
    }

    /** The library says "$: required property 'service' not found"; name the missing field's own path instead. */
    private static String message(ValidationMessage m) {
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            return m.getInstanceLocation().append(m.getProperty()) + ": is missing but it is required";
        }
        return m.getMessage();
    }

    /** The violations joined for a human: the first {@link #MAX_REPORTED_VIOLATIONS}, then a count. */
    public static String describe(List<String> violations) {
        if (violations.size() <= MAX_REPORTED_VIOLATIONS) {
            return String.join("; ", violations);
        }
        return String.join("; ", violations.subList(0, MAX_REPORTED_VIOLATIONS))
                + "; and " + (violations.size() - MAX_REPORTED_VIOLATIONS) + " more";
    }
}
