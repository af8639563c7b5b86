package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may post: the decision on the request's pieces, as the controller hands them over. */
class IntakeCredentialsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = HttpIntakeIT.randomSecret();

    private final IntakeCredentials credentials = new IntakeCredentials(config(SECRET));

    @Test
    void aValidatedTokenWithTheDeployerRolePasses() throws Exception {
        String token = HttpIntakeIT.signedWith(HttpIntakeIT.randomSecret(), "ci", List.of("deployer"),
                Duration.ofMinutes(5));
        IntakeCredentials.Caller caller = credentials.check("Bearer " + token, "ci", Set.of("deployer"), null, null,
                BODY, NOW);
        assertThat(caller.client()).isEqualTo("ci");
        assertThat(caller.deliveryId()).isNull();
    }

    @Test
    void aTokenTheValidatorRefusedIsInvalidOrExpiredByItsOwnClaims() throws Exception {
        String fresh = HttpIntakeIT.signedWith(HttpIntakeIT.randomSecret(), "ci", List.of("deployer"),
                Duration.ofDays(3650));
        String expired = HttpIntakeIT.signedWith(HttpIntakeIT.randomSecret(), "ci", List.of("deployer"),
                Duration.ofDays(-3650));
        assertRefused("Bearer " + fresh, null, Set.of(), null, null, Refusal.INVALID_TOKEN);
        assertRefused("Bearer " + expired, null, Set.of(), null, null, Refusal.EXPIRED_TOKEN);
        assertRefused("Bearer not-a-jwt", null, Set.of(), null, null, Refusal.INVALID_TOKEN);
        assertRefused("Basic dXNlcjpwYXNz", null, Set.of(), null, null, Refusal.INVALID_TOKEN);
    }

    @Test
    void anUnsignedTokenIsRefusedEvenIfSomethingAuthenticatedIt() {
        String none = new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().subject("ci")
                .claim("roles", List.of("deployer")).expirationTime(Date.from(NOW.plusSeconds(60))).build()).serialize();
        assertRefused("Bearer " + none, "ci", Set.of("deployer"), null, null, Refusal.INVALID_TOKEN);
    }

    @Test
    void aTokenWithoutTheDeployerRoleIsForbidden() throws Exception {
        String token = HttpIntakeIT.signedWith(HttpIntakeIT.randomSecret(), "viewer", List.of("viewer"),
                Duration.ofMinutes(5));
        assertRefused("Bearer " + token, "viewer", Set.of("viewer"), null, null, Refusal.MISSING_ROLE);
    }

    @Test
    void aSignedWebhookPassesWithItsDeliveryId() throws Exception {
        IntakeCredentials.Caller caller = credentials.check(null, null, null,
                new WebhookSignature(SECRET).sign(BODY), "delivery-1", BODY, NOW);
        assertThat(caller.deliveryId()).isEqualTo("delivery-1");
    }

    @Test
    void aWebhookWithABadSignatureNoDeliveryIdOrNoConfiguredSecretIsRefused() {
        String good = new WebhookSignature(SECRET).sign(BODY);
        assertRefused(null, null, null, new WebhookSignature(SECRET + "x").sign(BODY), "d", Refusal.BAD_SIGNATURE);
        assertRefused(null, null, null, good, null, Refusal.MISSING_DELIVERY_ID);
        assertThatThrownBy(() -> new IntakeCredentials(config(null)).check(null, null, null, good, "d", BODY, NOW))
                .isInstanceOfSatisfying(IntakeRefusal.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.BAD_SIGNATURE));
    }

    @Test
    void noCredentialIsRefused() {
        assertRefused(null, null, null, null, null, Refusal.NO_CREDENTIALS);
    }

    private void assertRefused(String authorization, String principal, Set<String> roles, String signature,
                               String delivery, Refusal refusal) {
        assertThatThrownBy(() -> credentials.check(authorization, principal, roles, signature, delivery, BODY, NOW))
                .isInstanceOfSatisfying(IntakeRefusal.class, e -> assertThat(e.refusal()).isEqualTo(refusal));
    }

    static HttpIntakeConfig config(String webhookSecret) {
        return config(webhookSecret, 30);
    }

    static HttpIntakeConfig config(String webhookSecret, int burst) {
        return new HttpIntakeConfig(true, 1024 * 1024, 100, "deployer", 120, burst, 10_000, webhookSecret,
                "X-Hub-Signature-256", "X-GitHub-Delivery", Duration.ofMinutes(15), 100_000, Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
