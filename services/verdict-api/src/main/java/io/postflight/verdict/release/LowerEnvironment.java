package io.postflight.verdict.release;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.DeploymentRef;
import io.postflight.verdict.delivery.DeploymentOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The release gate's checks against the lower environment: verified there, and soaked. */
final class LowerEnvironment {
    private LowerEnvironment() {
    }

    /**
     * The newest deployment of the artifact in the lower environment (sorted by start), if any: by
     * {@code digest}, or by {@code version} when no digest is named and the policy allows that.
     */
    static Optional<DeploymentOutcome> verified(List<DeploymentOutcome> lower, @Nullable String digest,
                                                @Nullable String version, boolean byVersion) {
        for (int i = lower.size() - 1; i >= 0; i--) {
            DeploymentOutcome d = lower.get(i);
            if (d.rollbackAnnounced()) {
                continue; // a rollback brings an older artifact back; it verifies nothing new
            }
            if (digest != null ? digest.equals(d.digest()) : byVersion && version != null && version.equals(d.version())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The newest deployment of {@code version} in the lower environment, whatever its digest. */
    static Optional<DeploymentOutcome> ofVersion(List<DeploymentOutcome> lower, String version) {
        for (int i = lower.size() - 1; i >= 0; i--) {
            if (!lower.get(i).rollbackAnnounced() && version.equals(lower.get(i).version())) {
                return Optional.of(lower.get(i));
            }
        }
        return Optional.empty();
    }

    /** The deployment that followed {@code d} in the lower environment, if any. */
    static Optional<DeploymentOutcome> next(List<DeploymentOutcome> lower, DeploymentOutcome d) {
        int at = lower.indexOf(d);
        return at >= 0 && at + 1 < lower.size() ? Optional.of(lower.get(at + 1)) : Optional.empty();
    }

    /** A rollback the CD system announced right after {@code d} was promoted: the lower environment gave up on it. */
    static Optional<DeploymentOutcome> rolledBackByCd(List<DeploymentOutcome> lower, DeploymentOutcome d) {
        return next(lower, d).filter(n -> n.rollbackAnnounced() && d.promotedAt() != null
                && !n.since().isBefore(d.promotedAt()));
    }

    static ReleaseCheck verifiedCheck(String lowerEnvironment, @Nullable String digest, @Nullable String version,
                                      Optional<DeploymentOutcome> found, List<DeploymentOutcome> lower) {
        String check = "verified-in-lower-environment";
        if (digest == null && (found.isEmpty() || version == null)) {
            return new ReleaseCheck(check, false, "no digest named, so no verification in " + lowerEnvironment
                    + " can be matched to this artifact" + (version == null ? "" : " (nor was " + version
                    + " verified there)"));
        }
        if (found.isEmpty()) {
            return new ReleaseCheck(check, false, DeploymentRef.forPeople(digest) + " was never verified in "
                    + lowerEnvironment + (lower.isEmpty() ? " (no deployment of this service there)" : ""));
        }
        DeploymentOutcome d = found.get();
        if (d.rolledBackAt() != null) {
            return new ReleaseCheck(check, false, DeploymentRef.forPeople(d.version()) + " was rolled back in "
                    + lowerEnvironment + " at " + d.rolledBackAt() + " (deployment " + d.deploymentId() + ")");
        }
        Optional<DeploymentOutcome> byCd = rolledBackByCd(lower, d);
        if (byCd.isPresent()) {
            return new ReleaseCheck(check, false, DeploymentRef.forPeople(d.version()) + " was rolled back in "
                    + lowerEnvironment + " by the CD system at " + byCd.get().since() + " (deployment "
                    + byCd.get().deploymentId() + " brought " + DeploymentRef.forPeople(byCd.get().version()) + " back)");
        }
        if (d.promotedAt() == null) {
            return new ReleaseCheck(check, false, DeploymentRef.forPeople(d.version()) + " is not promoted in "
                    + lowerEnvironment + " (" + d.state() + ", deployment " + d.deploymentId() + ")");
        }
        return new ReleaseCheck(check, true, DeploymentRef.forPeople(d.version()) + " promoted in " + lowerEnvironment
                + " at " + d.promotedAt() + " (deployment " + d.deploymentId() + ")"
                + (digest == null ? "; matched by version only, no digest named" : ""));
    }

    /**
     * How long the verified deployment ran in the lower environment: from its start until now, or
     * until the next deployment there replaced it. A rollback there fails the check above already.
     */
    static ReleaseCheck soakCheck(ReleasePolicy policy, Optional<DeploymentOutcome> found, List<DeploymentOutcome> lower,
                                  Instant now) {
        if (found.isEmpty() || found.get().promotedAt() == null || found.get().rolledBackAt() != null
                || rolledBackByCd(lower, found.get()).isPresent()) {
            return new ReleaseCheck("soak", false, "not soaked: not verified in " + policy.lowerEnvironment());
        }
        DeploymentOutcome d = found.get();
        Instant end = now;
        Optional<DeploymentOutcome> next = next(lower, d);
        if (next.isPresent() && next.get().since().isBefore(now)) {
            end = next.get().since();
        }
        // The same artifact deployed again (a configuration change) ran all along: count from the first of a run.
        Instant start = d.since();
        for (int i = lower.indexOf(d) - 1; i >= 0; i--) {
            DeploymentOutcome before = lower.get(i);
            if (before.rolledBackAt() != null || !sameArtifact(before, d)) {
                break;
            }
            start = before.since();
        }
        Duration between = Duration.between(start, end);
        Duration ran = between.isNegative() ? Duration.ZERO : between;
        boolean enough = ran.compareTo(policy.soak()) >= 0;
        String replaced = end.equals(now) ? "" : " before deployment " + next.get().deploymentId() + " replaced it";
        return new ReleaseCheck("soak", enough, "ran " + minutes(ran) + " in " + policy.lowerEnvironment() + replaced
                + (enough ? ", at least " : ", less than ") + minutes(policy.soak()) + " required");
    }

    private static boolean sameArtifact(DeploymentOutcome a, DeploymentOutcome b) {
        return a.digest() != null ? a.digest().equals(b.digest()) : b.digest() == null && a.version().equals(b.version());
    }

    static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 120 && m % 60 == 0 ? m / 60 + " h" : m + " min";
    }
}
