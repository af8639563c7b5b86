package io.postflight.gateway.http;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;

/**
 * What the intake reads from a bearer token itself, besides what micronaut-security-jwt validates:
 * whether it is unsigned ({@code alg: none}, never accepted here, whatever the validator thinks)
 * and, for a token the validator refused, whether it had expired, so that the caller and the
 * metric can tell an expired token from a forged one. Nothing read here grants anything. Pure.
 */
final class BearerTokens {
    private static final String BEARER = "bearer ";

    private BearerTokens() {
    }

    /**
     * The subject of a bearer token micronaut-security-jwt validated and whose roles hold one of
     * {@code allowed}, or why not: the one check of a bearer token on every HTTP surface.
     *
     * @param authorization the {@code Authorization} header (not {@code null})
     * @param principal the name micronaut-security authenticated from it, {@code null} when it did not
     * @param roles that principal's roles
     * @param missingRole the refusal when no allowed role is held
     * @param now for telling an expired token from an invalid one
     */
    static String subject(String authorization, String principal, Collection<String> roles,
                          Collection<String> allowed, Refusal missingRole, Instant now) throws IntakeRefusal {
        String token = tokenOf(authorization);
        if (token == null) {
            throw new IntakeRefusal(Refusal.INVALID_TOKEN, "the Authorization header is not 'Bearer <token>'");
        }
        if (principal == null || unsigned(token)) {
            Refusal why = principal == null ? refusalOf(token, now) : Refusal.INVALID_TOKEN;
            throw new IntakeRefusal(why, why == Refusal.EXPIRED_TOKEN ? "the bearer token has expired"
                    : "the bearer token is not valid here (signature, issuer or claims)");
        }
        if (roles == null || allowed.stream().noneMatch(roles::contains)) {
            throw new IntakeRefusal(missingRole, allowed.size() == 1
                    ? "the token's roles do not include '" + allowed.iterator().next() + "'"
                    : "the token's roles include none of " + allowed);
        }
        return principal;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
    static String tokenOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /** Whether the token declares no signature ({@code alg: none}) or cannot be parsed at all. */
    static boolean unsigned(String token) {
        try {
            return Algorithm.NONE.equals(JWTParser.parse(token).getHeader().getAlgorithm());
        } catch (ParseException | RuntimeException e) {
            return true;
        }
    }

    /** Why a token the validator refused was refused, as far as its own claims tell. */
    static Refusal refusalOf(String token, Instant now) {
        try {
            JWT jwt = JWTParser.parse(token);
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            if (exp != null && !exp.toInstant().isAfter(now)) {
                return Refusal.EXPIRED_TOKEN;
            }
        } catch (ParseException | RuntimeException e) {
            // Not a JWT at all: simply invalid.
        }
        return Refusal.INVALID_TOKEN;
    }
}
