package io.postflight.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The all-in-one's HTTP intake: on, with a token secret and a webhook secret made for this run
 * only (nothing to configure, nothing kept), and a deployer token printed with a ready-to-paste
 * {@code curl}, so that a developer can announce a deployment the way a CD system would.
 */
final class LocalIntake {
    static final String PATH = "/intake/deploy-events";
    static final Duration TOKEN_VALIDITY = Duration.ofHours(12);

    private final String tokenSecret = randomSecret();
    private final String webhookSecret = randomSecret();
    private final String flaggerToken = randomSecret();

    /** The gateway's properties that turn the intake on with this run's secrets. */
    Map<String, Object> gatewayProperties() {
        return Map.of("postflight.gateway.http-intake.enabled", true,
                "postflight.gateway.overrides.enabled", true,
                "postflight.gateway.http-intake.webhook-secret", webhookSecret,
                "micronaut.security.token.jwt.signatures.secret.local.secret", tokenSecret);
    }

    /**
     * The verdict API's properties: it checks tokens signed with this run's secret, and takes this
     * run's Flagger webhook token (Flagger sends no headers, so its webhooks carry it in metadata).
     */
    Map<String, Object> verdictApiProperties() {
        return Map.of("micronaut.security.token.jwt.signatures.secret.local.secret", tokenSecret,
                "postflight.verdict-api.gates.flagger-tokens", List.of(flaggerToken));
    }

    String flaggerToken() {
        return flaggerToken;
    }

    /**
     * A token with the deployer and viewer roles (announce deployments, read verdicts), valid for
     * {@link #TOKEN_VALIDITY}, signed with this run's secret.
     */
    String deployerToken(Instant now) {
        return token("local-developer", List.of("deployer", "viewer"), now);
    }

    /** A token with the operator role (overrides), valid for {@link #TOKEN_VALIDITY}. */
    String operatorToken(String subject, Instant now) {
        return token(subject, List.of("operator"), now);
    }

    private String token(String subject, List<String> roles, Instant now) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(subject).claim("roles", roles).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_VALIDITY))).build());
        try {
            jwt.sign(new MACSigner(tokenSecret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
        return jwt.serialize();
    }

    String webhookSecret() {
        return webhookSecret;
    }

    /** Where to post and how, for the gateway on {@code port}. */
    void describe(PrintStream out, int port, Instant now) {
        String url = "http://localhost:" + port + PATH;
        out.println("  HTTP intake: POST " + url + " (docs/integrations/webhooks.md)");
        out.println("    deployer token for this run (valid " + TOKEN_VALIDITY.toHours() + " h):");
        out.println("      export POSTFLIGHT_TOKEN=" + deployerToken(now));
        out.println("    curl -sS " + url + " -H \"Authorization: Bearer $POSTFLIGHT_TOKEN\" \\");
        out.println("      -H 'Content-Type: application/json' -d '{\"schema\":\"postflight.deploy/1\","
                + "\"deploymentId\":\"local-1\",\"service\":\"checkout\",\"environment\":\"dev\",\"version\":\"1.0.0\"}'");
        out.println("    signed webhooks (X-Hub-Signature-256, X-GitHub-Delivery): secret " + webhookSecret);
        out.println("  Overrides: POST http://localhost:" + port + "/deployments/<id>/overrides (docs/overrides.md)");
        out.println("    operator token for this run: export POSTFLIGHT_OPERATOR_TOKEN=" + operatorToken("local-operator", now));
    }

    /** Where to read verdicts, for the verdict API on {@code port}, with the token {@link #describe} printed. */
    void describeVerdictApi(PrintStream out, int port) {
        String url = "http://localhost:" + port;
        out.println("  Verdict API: " + url + " (docs/api.md), with the token above:");
        out.println("    curl -sS " + url + "/deployments/local-1 -H \"Authorization: Bearer $POSTFLIGHT_TOKEN\"");
        out.println("    curl -sS '" + url + "/deployments?service=checkout&limit=10' -H \"Authorization: Bearer $POSTFLIGHT_TOKEN\"");
        out.println("    curl -sSN " + url + "/verdicts/stream -H \"Authorization: Bearer $POSTFLIGHT_TOKEN\"");
        out.println("  Gates: Argo Rollouts GET " + url + "/gates/argo-rollouts/<namespace>/<rollout>?version=<v> with the"
                + " token above (docs/integrations/argo-rollouts.md);");
        out.println("    Flagger POST " + url + "/gates/flagger/confirm-promotion with metadata.token: " + flaggerToken
                + " (docs/integrations/flagger.md)");
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
