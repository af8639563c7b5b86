package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.testing.CommittedOpenApi;
import org.junit.jupiter.api.Test;

/**
 * The gateway's OpenAPI document (HTTP intake and overrides), generated at compile time, is the one
 * committed under docs/api/ (regenerate with {@code -Dopenapi.update=true}), and says what a client
 * generator needs: bearer and webhook-signature schemes, problem+json refusals, request and answer shapes.
 */
class OpenApiDocumentTest {
    static final String GENERATED = "META-INF/swagger/postflight-gateway.yml";

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws Exception {
        CommittedOpenApi.check(GENERATED, "docs/api/gateway.openapi.yml", "services/gateway");
    }

    @Test
    void theDocumentDescribesSecurityProblemsAndShapes() throws Exception {
        JsonNode doc = CommittedOpenApi.generated(GENERATED);
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/securitySchemes/webhookSignature/name").asText())
                .isEqualTo("X-Hub-Signature-256");
        JsonNode intake = doc.at("/paths/~1intake~1deploy-events/post");
        assertThat(intake.at("/requestBody/content").has("application/cloudevents+json")).isTrue();
        assertThat(intake.at("/responses/202/content/application~1json/schema/$ref").asText())
                .endsWith("/AcceptedEvents");
        assertThat(intake.at("/responses/401/content/application~1problem+json/schema/$ref").asText())
                .endsWith("/Problem");
        assertThat(intake.toString()).contains("webhookSignature").contains("bearerAuth");
        JsonNode override = doc.at("/paths/~1deployments~1{id}~1overrides/post");
        assertThat(override.at("/requestBody/content/application~1json/schema/$ref").asText())
                .endsWith("/OverrideRequest");
        assertThat(override.at("/responses/200/content/application~1json/schema/$ref").asText())
                .endsWith("/OverrideAnswer");
        assertThat(override.at("/responses/409/content/application~1problem+json/schema/$ref").asText())
                .endsWith("/Problem");
        assertThat(doc.at("/components/schemas/OverrideRequest/properties").has("reason")).isTrue();
    }
}
