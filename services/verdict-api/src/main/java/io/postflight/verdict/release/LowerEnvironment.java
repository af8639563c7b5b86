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

    /** The newest deployment of {@code digest} in the lower environment (sorted by start), if any. */
    static Optional<DeploymentOutcome> verified(List<DeploymentOutcome> lower, @Nullable String digest) {
        if (digest == null) {
            return Optional.empty();
        }
        for (int i = lower.size() - 1; i >= 0; i--) {
            if (digest.equals(lower.get(i).digest())) {
                return Optional.of(lower.get(i));
            }
        }
        return Optional.empty();
    }

    static ReleaseCheck verifiedCheck(String lowerEnvironment, @Nullable String digest,
                                      Optional<DeploymentOutcome> found, List<DeploymentOutcome> lower) {
        String check = "verified-in-lower-environment";
        if (digest == null) {
            return new ReleaseCheck(check, false, "no digest named, so no verification in " + lowerEnvironment
                    + " can be matched to this artifact");
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
        if (d.promotedAt() == null) {
            return new ReleaseCheck(check, false, DeploymentRef.forPeople(d.version()) + " is not promoted in "
                    + lowerEnvironment + " (" + d.state() + ", deployment " + d.deploymentId() + ")");
        }
        return new ReleaseCheck(check, true, DeploymentRef.forPeople(d.version()) + " promoted in " + lowerEnvironment
                + " at " + d.promotedAt() + " (deployment " + d.deploymentId() + ")");
    }

    /**
     * How long the verified deployment ran in the lower environment: from its start until now, or
     * until the next deployment there replaced it. A rollback there fails the check above already.
     */
    static ReleaseCheck soakCheck(ReleasePolicy policy, Optional<DeploymentOutcome> found, List<DeploymentOutcome> lower,
                                  Instant now) {
        if (found.isEmpty() || found.get().promotedAt() == null || found.get().rolledBackAt() != null) {
            return new ReleaseCheck("soak", false, "not soaked: not verified in " + policy.lowerEnvironment());
        }
        DeploymentOutcome d = found.get();
        Instant end = now;
        int at = lower.indexOf(d);
        if (at >= 0 && at + 1 < lower.size() && lower.get(at + 1).since().isBefore(now)) {
            end = lower.get(at + 1).since();
        }
        Duration ran = ReleaseGate.positive(Duration.between(d.since(), end));
        boolean enough = ran.compareTo(policy.soak()) >= 0;
        String replaced = end.equals(now) ? "" : " before deployment " + lower.get(at + 1).deploymentId() + " replaced it";
        return new ReleaseCheck("soak", enough, "ran " + minutes(ran) + " in " + policy.lowerEnvironment() + replaced
                + (enough ? ", at least " : ", less than ") + minutes(policy.soak()) + " required");
    }

    static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 120 && m % 60 == 0 ? m / 60 + " h" : m + " min";
    }
}
