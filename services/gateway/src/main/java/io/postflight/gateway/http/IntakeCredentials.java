package io.postflight.gateway.http;

import io.postflight.httpkit.TokenCheck;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Who is posting, or why they may not: a bearer token micronaut-security-jwt validated and whose
 * roles hold the deployer role, or a webhook whose body carries a valid signature and a delivery
 * id. A bearer token, valid or not, is judged as such even when a signature is present too.
 * Pure: the request's pieces in, a caller or a refusal out.
 */
final class IntakeCredentials {
    private final HttpIntakeConfig config;
    private final WebhookSignature signature;
    private final TokenCheck tokens;

    IntakeCredentials(HttpIntakeConfig config) {
        this.config = config;
        this.tokens = new TokenCheck(List.of(config.deployerRole()));
        this.signature = config.webhooksOn() ? new WebhookSignature(config.webhookSecret()) : null;
    }

    /**
     * Who is calling, as the rate limit and the logs know them.
     *
     * @param client the token's subject, or {@code null} for a webhook (its source address counts)
     * @param deliveryId the webhook's delivery id, {@code null} for a token
     */
    record Caller(String client, String deliveryId) {
    }

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param principal the name micronaut-security authenticated from it, {@code null} when it did not
     * @param roles that principal's roles
     * @param signatureHeader the signature header ({@link HttpIntakeConfig#signatureHeader()}), or {@code null}
     * @param deliveryId the delivery header ({@link HttpIntakeConfig#deliveryHeader()}), or {@code null}
     * @param body the raw body the signature covers
     * @param now for telling an expired token from an invalid one
     */
    Caller check(String authorization, String principal, Collection<String> roles, String signatureHeader,
                 String deliveryId, byte[] body, Instant now) throws IntakeRefusal {
        if (authorization != null) {
            return bearer(authorization, principal, roles, now);
        }
        if (signatureHeader != null) {
            return webhook(signatureHeader, deliveryId, body);
        }
        throw new IntakeRefusal(Refusal.NO_CREDENTIALS, "send a bearer token (Authorization: Bearer ...)"
                + (signature == null ? "" : " or sign the body (" + config.signatureHeader() + ")"));
    }

    private Caller bearer(String authorization, String principal, Collection<String> roles, Instant now)
            throws IntakeRefusal {
        try {
            return new Caller(tokens.check(authorization, principal, roles, now), null);
        } catch (TokenCheck.Refused refused) {
            throw new IntakeRefusal(Refusal.of(refused.fault()), refused.getMessage());
        }
    }

    private Caller webhook(String signatureHeader, String deliveryId, byte[] body) throws IntakeRefusal {
        if (signature == null) {
            throw new IntakeRefusal(Refusal.BAD_SIGNATURE, "signed webhooks are not accepted here; send a bearer token");
        }
        if (!signature.matches(signatureHeader, body)) {
            throw new IntakeRefusal(Refusal.BAD_SIGNATURE, config.signatureHeader()
                    + " is not the sha256 HMAC of the body under the shared secret");
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
            throw new IntakeRefusal(Refusal.MISSING_DELIVERY_ID, "a signed webhook needs a unique "
                    + config.deliveryHeader() + " header (at most 200 characters)");
        }
        return new Caller(null, deliveryId.strip());
    }
}
