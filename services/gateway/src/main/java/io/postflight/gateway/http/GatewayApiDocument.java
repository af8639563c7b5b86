package io.postflight.gateway.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What the generated OpenAPI document says of the gateway's HTTP endpoints as a whole: its title,
 * the two kinds of credential (a bearer JWT, or a GitHub-style signed webhook) and its tags. The
 * document is made at compile time from the controllers (micronaut-openapi), served at
 * {@code /openapi/postflight-gateway.yml} without a credential (it holds no data, and a CD system
 * needs it before it has one), and kept as {@code docs/api/gateway.openapi.yml} by
 * {@code OpenApiDocumentTest}. Header names are the defaults of {@link HttpIntakeConfig}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Postflight gateway", version = "1",
                description = "HTTP intake of deploy events (off unless postflight.gateway.http-intake.enabled) and"
                        + " operators' overrides (off unless postflight.gateway.overrides.enabled). Every refusal is"
                        + " an RFC 9457 problem document (application/problem+json) whose reason is also the tag of"
                        + " the refusal metric. See docs/integrations/webhooks.md and docs/overrides.md."),
        tags = {
                @Tag(name = GatewayApiDocument.INTAKE, description = "Deploy events from CD systems"),
                @Tag(name = GatewayApiDocument.OVERRIDES, description = "Operators' overrides of a verification")
        })
@SecurityScheme(name = GatewayApiDocument.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A JWT (shared secret or JWKS), expiry always checked; the intake needs"
        + " the role deployer (http-intake.deployer-role), an override one of operator-roles (operator, admin).")
@SecurityScheme(name = GatewayApiDocument.WEBHOOK_SIGNATURE, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, paramName = "X-Hub-Signature-256",
        description = "Intake only: sha256=<hex HMAC-SHA256 of the raw body> with a shared webhook secret, sent"
                + " with a delivery id in X-GitHub-Delivery (each accepted once within the replay window).")
interface GatewayApiDocument {
    String BEARER = "bearerAuth";
    String WEBHOOK_SIGNATURE = "webhookSignature";
    String INTAKE = "intake";
    String OVERRIDES = "overrides";
}
