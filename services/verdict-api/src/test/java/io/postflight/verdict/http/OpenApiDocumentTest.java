package io.postflight.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.testing.CommittedOpenApi;
import org.junit.jupiter.api.Test;

/**
 * The verdict API's OpenAPI document, generated at compile time, is the one committed under
 * docs/api/ (regenerate with {@code -Dopenapi.update=true}), and says what a client generator needs:
 * the bearer scheme, problem+json refusals, the history's and the page's shapes.
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
}
