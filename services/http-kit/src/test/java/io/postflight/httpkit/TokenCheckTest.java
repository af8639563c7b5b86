package io.postflight.httpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final TokenCheck check = new TokenCheck(List.of("viewer", "operator", "admin"));

    @Test
    void aValidatedSignedTokenWithOneOfTheRolesIsLetIn() throws Exception {
        String token = signed(NOW.plusSeconds(600));
        assertThat(check.check("Bearer " + token, "dashboards", List.of("operator"), NOW)).isEqualTo("dashboards");
    }

    @Test
    void eachRefusalNamesItsFault() throws Exception {
        assertFault(null, "x", List.of("viewer"), TokenCheck.Fault.NO_CREDENTIALS);
        assertFault("Basic abc", "x", List.of("viewer"), TokenCheck.Fault.INVALID_TOKEN);
        assertFault("Bearer " + signed(NOW.plusSeconds(600)), null, List.of(), TokenCheck.Fault.INVALID_TOKEN);
        assertFault("Bearer " + signed(NOW.minusSeconds(1)), null, List.of(), TokenCheck.Fault.EXPIRED_TOKEN);
        assertFault("Bearer " + signed(NOW.plusSeconds(600)), "ci", List.of("deployer"), TokenCheck.Fault.MISSING_ROLE);
    }

    @Test
    void anUnsignedTokenIsRefusedEvenWhenTheValidatorNamedAPrincipal() {
        String none = new PlainJWT(new JWTClaimsSet.Builder().subject("x").build()).serialize();
        assertFault("Bearer " + none, "x", List.of("admin"), TokenCheck.Fault.INVALID_TOKEN);
    }

    @Test
    void theMissingRoleDetailNamesEveryAcceptedRole() {
        assertThatThrownBy(() -> check.check("Bearer " + signed(NOW.plusSeconds(60)), "ci", List.of(), NOW))
                .hasMessage("the token's roles do not include 'viewer' or 'operator' or 'admin'");
    }

    private void assertFault(String authorization, String principal, List<String> roles, TokenCheck.Fault fault) {
        assertThatThrownBy(() -> check.check(authorization, principal, roles, NOW))
                .isInstanceOfSatisfying(TokenCheck.Refused.class, r -> assertThat(r.fault()).isEqualTo(fault));
    }

    private static String signed(Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject("someone").expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
        return jwt.serialize();
    }
}
