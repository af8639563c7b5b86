package io.postflight.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import io.postflight.testing.CommittedOpenApi;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The verdict API's OpenAPI document, generated at compile time, is the one committed under
 * docs/api/ (regenerate with {@code -Dopenapi.update=true}), and says what a client generator needs:
 * the bearer scheme, problem+json refusals, the history's and the page's shapes, and of the
 * contract records exactly what their JSON Schemas require.
 */
class OpenApiDocumentTest {
    static final String GENERATED = "META-INF/swagger/postflight-verdict-api.yml";

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws Exception {
        CommittedOpenApi.check(GENERATED, "docs/api/verdict-api.openapi.yml", "services/verdict-api");
    }

    @Test
    void theDocumentDescribesSecurityProblemsAndShapes() throws Exception {
        JsonNode doc = CommittedOpenApi.generated(GENERATED);
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/securitySchemes/bearerAuth/bearerFormat").asText()).isEqualTo("JWT");
        assertThat(doc.at("/security/0").has("bearerAuth")).isTrue();
        JsonNode history = doc.at("/paths/~1deployments~1{id}/get/responses");
        assertThat(history.at("/200/content/application~1json/schema/$ref").asText()).endsWith("/DeploymentHistory");
        assertThat(history.at("/404/content/application~1problem+json/schema/$ref").asText()).endsWith("/Problem");
        assertThat(history.at("/401/content/application~1problem+json/schema/$ref").asText()).endsWith("/Problem");
        assertThat(doc.at("/paths/~1deployments/get/responses/200/content/application~1json/schema/$ref").asText())
                .endsWith("/DeploymentPage");
        assertThat(doc.at("/paths/~1verdicts~1stream/get/responses/200/content").has("text/event-stream")).isTrue();
        assertThat(doc.at("/components/schemas/DeploymentHistory/properties").has("phaseResults")).isTrue();
        assertThat(doc.at("/components/schemas/Problem/properties").has("reason")).isTrue();
    }

    /** The contract records in the document, and where their JSON Schema is. */
    private static final Map<String, String> CONTRACT_SHAPES = Map.of(
            "AuditRecord", "audit.schema.json#", "Decision", "decision.schema.json#",
            "Verdict", "verdict.schema.json#", "PhaseResult", "phase-result.schema.json#",
            "OverrideCommand", "override.schema.json#", "Evidence", "evidence.schema.json#",
            "DeploymentRef", "common.schema.json#/$defs/deploymentRef",
            "EventRef", "common.schema.json#/$defs/eventRef");
    /** Optional in the schemas (older producers may leave them out) but always written by the records. */
    private static final Set<String> ALWAYS_WRITTEN = Set.of("Decision.postPromotion", "Decision.reasons",
            "Decision.evidence", "Decision.phases", "PhaseResult.evidence", "Verdict.phases", "Evidence.figures",
            "Evidence.labels");

    @Test
    void contractShapesRequireWhatTheirJsonSchemasRequire() throws Exception {
        JsonNode components = CommittedOpenApi.generated(GENERATED).at("/components/schemas");
        for (var shape : CONTRACT_SHAPES.entrySet()) {
            String[] where = shape.getValue().split("#", 2);
            JsonNode schema;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/" + where[0])) {
                assertThat(in).as(where[0]).isNotNull();
                schema = Json.MAPPER.readTree(in).at(where[1]);
            }
            Set<String> expected = new TreeSet<>();
            schema.path("required").forEach(r -> expected.add(r.asText()));
            schema.path("properties").fieldNames().forEachRemaining(f -> {
                if (ALWAYS_WRITTEN.contains(shape.getKey() + "." + f)) {
                    expected.add(f);
                }
            });
            Set<String> documented = new TreeSet<>();
            components.path(shape.getKey()).path("required").forEach(r -> documented.add(r.asText()));
            assertThat(documented).as(shape.getKey() + " required, per " + shape.getValue()).isEqualTo(expected);
        }
    }
}
