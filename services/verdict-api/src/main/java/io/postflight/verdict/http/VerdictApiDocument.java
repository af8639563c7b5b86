package io.postflight.verdict.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What the generated OpenAPI document says of the verdict API as a whole: its title, the bearer
 * scheme every read needs, and its tags. The document is made at compile time from the controllers
 * (micronaut-openapi), served at {@code /openapi/postflight-verdict-api.yml} without a token (it
 * holds no data and a client needs it before it has one), and kept as
 * {@code docs/api/verdict-api.openapi.yml} by {@code OpenApiDocumentTest}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Postflight verdict API", version = "1",
                description = "What happened to a deployment, and why: histories, slots' verdicts, filtered"
                        + " lists, a Server-Sent Events stream of verdict changes and delivery figures. Every refusal is an RFC 9457"
                        + " problem document (application/problem+json). See docs/api.md."),
        security = @SecurityRequirement(name = VerdictApiDocument.BEARER),
        tags = {
                @Tag(name = VerdictApiDocument.DEPLOYMENTS, description = "Histories, slots and lists"),
                @Tag(name = VerdictApiDocument.STREAM, description = "Live verdict changes"),
                @Tag(name = VerdictApiDocument.DELIVERY, description = "Delivery figures and rollback verification")
        })
@SecurityScheme(name = VerdictApiDocument.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A JWT (shared secret or JWKS) whose roles claim holds viewer, operator"
        + " or admin (postflight.verdict-api.reader-roles); expiry always checked.")
interface VerdictApiDocument {
    String BEARER = "bearerAuth";
    String DEPLOYMENTS = "deployments";
    String STREAM = "stream";
    String DELIVERY = "delivery";
}
