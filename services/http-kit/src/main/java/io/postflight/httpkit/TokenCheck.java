package io.postflight.httpkit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether a request's bearer token lets it in: micronaut-security-jwt has validated it (signature,
 * expiry, claims) and named a principal, it is signed, and its roles (from the claim
 * {@code micronaut.security.token.roles-name} names) hold one of the accepted roles. A refusal says
 * which of these failed, for the answer and the refusal metric. Pure: the request's pieces in, the
 * principal or a refusal out.
 */
public final class TokenCheck {
    private final List<String> acceptedRoles;

    /** Why a token was refused; {@link #tag()} is the metric tag and problem type. */
    public enum Fault {
        NO_CREDENTIALS,
        INVALID_TOKEN,
        EXPIRED_TOKEN,
        MISSING_ROLE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A refused token, with what to tell the caller (about the request only). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final Fault fault;

        Refused(Fault fault, String detail) {
            super(detail, null, false, false);
            this.fault = fault;
        }

        public Fault fault() {
            return fault;
        }
    }

    /** @param acceptedRoles any one of them lets a token in */
    public TokenCheck(Collection<String> acceptedRoles) {
        this.acceptedRoles = List.copyOf(Objects.requireNonNull(acceptedRoles, "acceptedRoles"));
        if (this.acceptedRoles.isEmpty()) {
            throw new IllegalArgumentException("a token check needs at least one accepted role");
        }
    }

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param principal the name micronaut-security authenticated from it, {@code null} when it did not
     * @param roles that principal's roles
     * @param now for telling an expired token from an invalid one
     * @return the principal
     */
    public String check(String authorization, String principal, Collection<String> roles, Instant now)
            throws Refused {
        if (authorization == null) {
            throw new Refused(Fault.NO_CREDENTIALS, "send a bearer token (Authorization: Bearer ...)");
        }
        String token = BearerTokens.tokenOf(authorization);
        if (token == null) {
            throw new Refused(Fault.INVALID_TOKEN, "the Authorization header is not 'Bearer <token>'");
        }
        if (principal == null || BearerTokens.unsigned(token)) {
            boolean expired = principal == null && BearerTokens.expired(token, now);
            throw expired ? new Refused(Fault.EXPIRED_TOKEN, "the bearer token has expired")
                    : new Refused(Fault.INVALID_TOKEN, "the bearer token is not valid here (signature, issuer or claims)");
        }
        if (roles == null || acceptedRoles.stream().noneMatch(roles::contains)) {
            throw new Refused(Fault.MISSING_ROLE, "the token's roles do not include " + acceptedRoles.stream()
                    .map(r -> "'" + r + "'").collect(Collectors.joining(" or ")));
        }
        return principal;
    }
}
