package io.postflight.verdict.gate;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.DeploymentRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a delivery tool asked after: a slot and, optionally, identifiers the deployment must carry.
 * Every identifier given must match; none given means "the slot's newest deployment, whichever".
 *
 * @param slot {@code service/environment}
 * @param version the version deployed (exact)
 * @param digest the artifact digest ({@code sha256:...}); an image reference {@code repo@sha256:...} is cut to its digest
 * @param deploymentId the deployment id the deploy event carried
 * @param podTemplateHash Argo Rollouts' pod-template hash: matches a deployment id that is the hash or ends in {@code -<hash>}
 */
public record GateRequest(String slot, @Nullable String version, @Nullable String digest,
                          @Nullable String deploymentId, @Nullable String podTemplateHash) {

    public GateRequest {
        version = blankToNull(version);
        digest = digestOf(blankToNull(digest));
        deploymentId = blankToNull(deploymentId);
        podTemplateHash = blankToNull(podTemplateHash);
    }

    /** The identifiers of {@code d} that differ from what was asked, for the answer's reason; empty when it matches. */
    List<String> mismatches(DeploymentRef d) {
        List<String> differ = new ArrayList<>();
        if (version != null && !version.equals(d.version())) {
            differ.add("version " + d.versionForPeople() + ", not " + DeploymentRef.forPeople(version));
        }
        if (digest != null && (d.artifactDigest() == null || !digest.equalsIgnoreCase(d.artifactDigest()))) {
            differ.add(d.artifactDigest() == null ? "no artifact digest known" : "another artifact digest");
        }
        if (deploymentId != null && !deploymentId.equals(d.deploymentId())) {
            differ.add("deployment id " + d.deploymentId() + ", not " + deploymentId);
        }
        if (podTemplateHash != null && !d.deploymentId().equals(podTemplateHash)
                && !d.deploymentId().endsWith("-" + podTemplateHash)) {
            differ.add("deployment id " + d.deploymentId() + " does not carry pod-template hash " + podTemplateHash);
        }
        return differ;
    }

    private static String digestOf(String digest) {
        if (digest == null) {
            return null;
        }
        int at = digest.lastIndexOf('@');
        return (at >= 0 ? digest.substring(at + 1) : digest).toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
