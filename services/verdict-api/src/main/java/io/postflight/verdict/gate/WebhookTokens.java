package io.postflight.verdict.gate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The webhook tokens a Flagger webhook may carry in {@code metadata.token}. Compared as SHA-256
 * digests with {@link MessageDigest#isEqual} against every configured token, so neither the time an
 * answer takes nor an early exit says how much of a token was right. Tokens shorter than
 * {@link #MIN_LENGTH} are refused at start-up.
 */
public final class WebhookTokens {
    static final int MIN_LENGTH = 32;
    private final List<byte[]> digests;

    public WebhookTokens(List<String> tokens) {
        for (String t : tokens) {
            if (t == null || t.strip().length() < MIN_LENGTH) {
                throw new IllegalArgumentException(GateConfig.PREFIX + ".flagger-tokens: every token needs at least "
                        + MIN_LENGTH + " characters (e.g. openssl rand -hex 32)");
            }
        }
        this.digests = tokens.stream().map(t -> sha256(t.strip())).toList();
    }

    /** Whether any token is configured (else a Flagger webhook must send a bearer token). */
    public boolean configured() {
        return !digests.isEmpty();
    }

    public boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] digest = sha256(presented.strip());
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, digest); // no short cut: every token is compared
        }
        return match;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
