package io.postflight.contracts;

import java.util.Objects;

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
                            String artifactDigest, String previousVersion) {
    public DeploymentRef {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
    }

    /** The key of every internal topic: one verification in flight per slot. */
    public String slot() {
        return slotOf(service, environment);
    }

    public static String slotOf(String service, String environment) {
        return service + "/" + environment;
    }
}
