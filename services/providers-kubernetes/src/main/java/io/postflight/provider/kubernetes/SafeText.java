package io.postflight.provider.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bounds what is copied out of API objects, so a snapshot stays small and its strings printable. */
public final class SafeText {

    /** Reasons are checked printable and at most this long by the contract (ADR 0029 §2). */
    public static final int MAX_REASON = 64;
    /** The longest instance name the contracts accept (the DNS subdomain limit). */
    public static final int MAX_INSTANCE = 253;

    private SafeText() {
    }

    /**
     * A kubelet or scheduler reason kept to printable ASCII and {@value #MAX_REASON} characters; a new
     * reason is then still a string the contract accepts. Null or blank gives null.
     */
    public static String reason(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(raw.length(), MAX_REASON));
        for (int i = 0; i < raw.length() && kept.length() < MAX_REASON; i++) {
            char c = raw.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                kept.append(c);
            }
        }
        String text = kept.toString().strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * {@code <cluster>/<namespace>/<pod>}; past {@value #MAX_INSTANCE} characters cut and ended with
     * {@code -} and 8 hex of the whole name's SHA-256, so two long names that share a beginning stay
     * two instances.
     */
    public static String instanceId(String cluster, String namespace, String pod) {
        String id = cluster + "/" + namespace + "/" + pod;
        if (id.length() <= MAX_INSTANCE) {
            return id;
        }
        return id.substring(0, MAX_INSTANCE - 9) + "-" + sha256Hex8(id);
    }

    private static String sha256Hex8(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
