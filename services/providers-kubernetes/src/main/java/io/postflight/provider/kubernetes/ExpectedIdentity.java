package io.postflight.provider.kubernetes;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the deploy event announced, so that a newest revision which is someone else's rollout (or the
 * controller not having acted yet) is never verified in its place.
 *
 * @param digest the artifact digest {@code sha256:<64 hex>}, or null
 * @param version the version string, or null
 * @param match which of the two is compared, and how
 */
public record ExpectedIdentity(String digest, String version, MatchMode match) {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ExpectedIdentity {
        Objects.requireNonNull(match, "match");
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("the artifact digest must be sha256:<64 lower-case hex>");
        }
        if (match == MatchMode.DIGEST && digest == null) {
            throw new IllegalArgumentException("matching by digest needs the artifact digest");
        }
        if (match != MatchMode.DIGEST && (version == null || version.isBlank())) {
            throw new IllegalArgumentException("matching by " + match + " needs the version");
        }
    }

    /** The digest when there is one (exact), else the version label (the convention of Helm charts). */
    public static ExpectedIdentity of(String digest, String version) {
        return new ExpectedIdentity(digest, version, digest != null ? MatchMode.DIGEST : MatchMode.VERSION_LABEL);
    }

    /** The announced identity as a problem sentence quotes it. */
    String announced() {
        return match == MatchMode.DIGEST ? digest : version;
    }
}
