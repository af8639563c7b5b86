package io.postflight.httpkit;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

/**
 * What a secured surface reads from a bearer token itself, besides what micronaut-security-jwt
 * validates: whether it is unsigned ({@code alg: none}, never accepted, whatever the validator
 * thinks) and, for a token the validator refused, whether it had expired, so that the caller and
 * the metric can tell an expired token from a forged one. Nothing read here grants anything. Pure.
 */
public final class BearerTokens {
    private static final String BEARER = "bearer ";

    private BearerTokens() {
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
    public static String tokenOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /** Whether the token declares no signature ({@code alg: none}) or cannot be parsed at all. */
    public static boolean unsigned(String token) {
        try {
            return Algorithm.NONE.equals(JWTParser.parse(token).getHeader().getAlgorithm());
        } catch (ParseException | RuntimeException e) {
            return true;
        }
    }

    /** Whether a token the validator refused had expired, as far as its own claims tell. */
    public static boolean expired(String token, Instant now) {
        try {
            JWT jwt = JWTParser.parse(token);
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            return exp != null && !exp.toInstant().isAfter(now);
        } catch (ParseException | RuntimeException e) {
            return false; // not a JWT at all: simply invalid
        }
    }

    /**
     * When a token expires, by its own {@code exp} claim; empty when it has none or is no JWT. Read
     * only of a token the validator accepted (a stream closed at its token's expiry).
     */
    public static java.util.Optional<Instant> expiresAt(String token) {
        try {
            Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
            return java.util.Optional.ofNullable(exp).map(Date::toInstant);
        } catch (ParseException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
