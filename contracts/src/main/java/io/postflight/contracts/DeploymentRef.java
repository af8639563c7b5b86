package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies a deployment: the service and environment it went to (together the "slot"
 * whose verifications supersede each other), the version and artifact digest deployed, and the
 * deployment id that every downstream event refers to.
 *
 * @param deploymentId stable id of this deployment (the CD tool's, or derived from the deploy event)
 * @param service service name
 * @param environment environment name
 * @param version version deployed
 * @param artifactDigest content digest of the artifact (e.g. {@code sha256:...}), if known
 * @param previousVersion version that served before, if known (the baseline's version)
 */
public record DeploymentRef(String deploymentId, String service, String environment, String version,
                            @Nullable String artifactDigest, @Nullable String previousVersion) {
    public DeploymentRef {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
    }

    /** A version that is a content digest: algorithm, colon, hex (what a digest-pinned artifact yields). */
    private static final Pattern DIGEST_VERSION = Pattern.compile("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{13,}$");

    /** Hex digits a person sees of a digest version, as container tools show an image id. */
    static final int SHORT_DIGEST_HEX = 12;

    /**
     * The version as people read it in summaries, alerts and logs: a digest version (an artifact
     * pinned by digest only) shortened to {@code sha256:abcdef123456}; any other version as is.
     * The full {@link #version()} stays the identity in every record and comparison.
     */
    public String versionForPeople() {
        return forPeople(version);
    }

    /** {@link #versionForPeople()} of any version string; {@code null} stays {@code null}. */
    public static String forPeople(String version) {
        if (version == null || !DIGEST_VERSION.matcher(version).matches()) {
            return version;
        }
        int colon = version.indexOf(':');
        return version.substring(0, colon + 1 + SHORT_DIGEST_HEX);
    }

    /** The key of every internal topic: one verification in flight per slot. */
    public String slot() {
        return slotOf(service, environment);
    }

    public static String slotOf(String service, String environment) {
        return service + "/" + environment;
    }
}
