package io.postflight.verdict.release;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.DeploymentRef;
import io.postflight.verdict.delivery.DeploymentOutcome;
import io.postflight.verdict.history.DeploymentHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers the release gate for one artifact from the histories of its service. Pure: policy,
 * histories and the time in, the answer out.
 */
public final class ReleaseGate {
    /** A pinned artifact as the gate and its approvals accept it: sha256, 64 lower-case hex digits. */
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private ReleaseGate() {
    }

    /** {@link #answer(String, String, String, String, ReleasePolicy, Iterable, List, Instant)} without records. */
    public static ReleaseAnswer answer(String service, String environment, @Nullable String version,
                                       @Nullable String digest, @Nullable ReleasePolicy policy,
                                       Iterable<DeploymentHistory> histories, Instant now) {
        return answer(service, environment, version, digest, policy, histories, List.of(), now);
    }

    /**
     * @param policy the target environment's policy, {@code null} when it has none
     * @param histories at least every history of {@code service} (others are ignored)
     * @param records the approvals, emergency exceptions and vulnerability summaries of {@code service}
     *     in {@code environment}
     */
    public static ReleaseAnswer answer(String service, String environment, @Nullable String version,
                                       @Nullable String digest, @Nullable ReleasePolicy policy,
                                       Iterable<DeploymentHistory> histories, List<GateRecord> records, Instant now) {
        if (policy == null) {
            return ReleaseAnswer.of(service, environment, version, digest, List.of(new ReleaseCheck("policy", false,
                    "no release policy for environment " + environment
                            + " (postflight.verdict-api.release-gate.environments." + environment + ")")), now);
        }
        List<DeploymentOutcome> lower = new ArrayList<>();
        List<DeploymentOutcome> target = new ArrayList<>();
        for (DeploymentHistory h : histories) {
            if (!h.deployment().service().equals(service)) {
                continue;
            }
            if (h.deployment().environment().equals(policy.lowerEnvironment())) {
                lower.add(DeploymentOutcome.of(h));
            } else if (h.deployment().environment().equals(environment)) {
                target.add(DeploymentOutcome.of(h));
            }
        }
        lower.sort(Comparator.comparing(DeploymentOutcome::since));
        target.sort(Comparator.comparing(DeploymentOutcome::since));
        List<ReleaseCheck> checks = new ArrayList<>();
        Optional<DeploymentOutcome> verified = LowerEnvironment.verified(lower, digest, version, !policy.requireDigest());
        checks.add(LowerEnvironment.verifiedCheck(policy.lowerEnvironment(), digest, version, verified, lower));
        checks.add(LowerEnvironment.soakCheck(policy, verified, lower, now));
        checks.add(immutable(policy, version, digest, verified,
                version == null ? Optional.empty() : LowerEnvironment.ofVersion(lower, version)));
        Optional<GateRecord> exception = newest(records, GateRecord.EXCEPTION, service, environment, digest, now);
        checks.add(excepted(window(policy, now), exception));
        checks.add(excepted(freeze(policy, now), exception));
        checks.add(rollbackTarget(policy, environment, target));
        checks.add(approval(policy, environment, digest, newest(records, GateRecord.APPROVAL, service, environment,
                digest, now)));
        checks.add(Vulnerabilities.check(policy, service, digest, newest(records, GateRecord.VULNERABILITIES, service,
                environment, digest, now)));
        return ReleaseAnswer.of(service, environment, version, digest, checks, now);
    }

    private static ReleaseCheck immutable(ReleasePolicy policy, @Nullable String version, @Nullable String digest,
                                          Optional<DeploymentOutcome> verified, Optional<DeploymentOutcome> sameVersion) {
        if (digest == null) {
            return new ReleaseCheck("immutable-artifact", !policy.requireDigest(), policy.requireDigest()
                    ? "the artifact is not pinned by digest: name it by its sha256 digest, a tag can move"
                    : "no digest named; the policy does not require one");
        }
        if (!DIGEST.matcher(digest).matches()) {
            return new ReleaseCheck("immutable-artifact", false, "'" + digest + "' is not a sha256 digest"
                    + " (sha256: and 64 lower-case hex digits)");
        }
        if (sameVersion.isPresent() && sameVersion.get().digest() != null && !digest.equals(sameVersion.get().digest())) {
            return new ReleaseCheck("immutable-artifact", false, "version " + version + " was verified in "
                    + policy.lowerEnvironment() + " as " + DeploymentRef.forPeople(sameVersion.get().digest())
                    + ", this request names " + DeploymentRef.forPeople(digest) + ": the tag moved to another artifact");
        }
        if (version != null && verified.isPresent() && !version.equals(verified.get().version())) {
            return new ReleaseCheck("immutable-artifact", false, "the artifact " + DeploymentRef.forPeople(digest)
                    + " was verified as version " + verified.get().version() + ", not " + version
                    + ": the version name and the artifact do not match");
        }
        return new ReleaseCheck("immutable-artifact", true, "pinned by digest " + DeploymentRef.forPeople(digest));
    }

    /**
     * The newest record of {@code kind} for {@code digest} that holds now: for vulnerability summaries
     * the newest <em>scan</em>, so that posting an older clean attestation again hides nothing.
     */
    private static Optional<GateRecord> newest(List<GateRecord> records, String kind, String service,
                                               String environment, @Nullable String digest, Instant now) {
        if (digest == null) {
            return Optional.empty();
        }
        Set<String> revoked = revoked(records);
        return records.stream().filter(r -> r.holds(kind, service, environment, digest, now)
                        && !revoked.contains(r.key()))
                .max(Comparator.comparing(GateRecord::since).thenComparing(GateRecord::recordedAt));
    }

    /** Keys of the records a revocation among {@code records} revoked: they grant nothing any more. */
    static Set<String> revoked(List<GateRecord> records) {
        Set<String> out = new java.util.HashSet<>();
        for (GateRecord r : records) {
            if (GateRecord.REVOCATION.equals(r.kind()) && r.revokes() != null) {
                out.add(r.revokes());
            }
        }
        return out;
    }

    /** A failed window or freeze check let through by an emergency exception, which the detail names. */
    private static ReleaseCheck excepted(ReleaseCheck check, Optional<GateRecord> exception) {
        if (check.passed() || exception.isEmpty()) {
            return check;
        }
        GateRecord e = exception.get();
        return new ReleaseCheck(check.check(), true, check.detail() + "; let through by the emergency exception of "
                + e.who() + " at " + e.recordedAt() + " (until " + e.expiresAt() + "): " + e.reason());
    }

    private static ReleaseCheck approval(ReleasePolicy policy, String environment, @Nullable String digest,
                                         Optional<GateRecord> approval) {
        if (!policy.requireApproval()) {
            return new ReleaseCheck("approval", true, "no approval required in " + environment);
        }
        return approval.map(a -> new ReleaseCheck("approval", true, "approved by " + a.who() + " at "
                        + a.recordedAt() + " (until " + a.expiresAt() + "): " + a.reason()))
                .orElseGet(() -> new ReleaseCheck("approval", false, digest == null
                        ? "no approval can be matched without a digest"
                        : "no approval of " + DeploymentRef.forPeople(digest) + " for " + environment
                        + " (an approver role records one: POST /approvals/{service}/" + environment + ")"));
    }

    private static ReleaseCheck window(ReleasePolicy policy, Instant now) {
        List<DeploymentWindow> windows = policy.parsedWindows();
        if (windows.isEmpty()) {
            return new ReleaseCheck("deployment-window", true, "no deployment windows: any time");
        }
        return windows.stream().filter(w -> w.contains(now)).findFirst()
                .map(w -> new ReleaseCheck("deployment-window", true, "inside the window " + w.text()))
                .orElseGet(() -> new ReleaseCheck("deployment-window", false, "outside every deployment window ("
                        + String.join("; ", policy.windows()) + ") at " + now));
    }

    private static ReleaseCheck freeze(ReleasePolicy policy, Instant now) {
        List<String> in = policy.parsedFreezes().stream().filter(f -> f.contains(now))
                .map(f -> f.reason() + ", " + f.from() + " to " + f.to()).toList();
        return in.isEmpty() ? new ReleaseCheck("change-freeze", true, "no change freeze now")
                : new ReleaseCheck("change-freeze", false, "inside a change freeze (" + String.join("; ", in) + ")");
    }

    /** The newest deployment of the target environment promoted and not rolled back, with its digest. */
    private static ReleaseCheck rollbackTarget(ReleasePolicy policy, String environment, List<DeploymentOutcome> target) {
        for (int i = target.size() - 1; i >= 0; i--) {
            DeploymentOutcome d = target.get(i);
            if (d.promotedAt() != null && d.rolledBackAt() == null) {
                if (d.digest() == null) {
                    return new ReleaseCheck("rollback-target", !policy.requireRollbackTarget(), "the version to roll"
                            + " back to, " + DeploymentRef.forPeople(d.version()) + ", has no recorded artifact digest");
                }
                return new ReleaseCheck("rollback-target", true, "rollback target: " + DeploymentRef.forPeople(
                        d.version()) + " (" + DeploymentRef.forPeople(d.digest()) + "), promoted in " + environment
                        + " at " + d.promotedAt());
            }
        }
        return new ReleaseCheck("rollback-target", !policy.requireRollbackTarget(), policy.requireRollbackTarget()
                ? "no promoted version in " + environment + " to roll back to"
                : "no promoted version in " + environment + " yet; the policy allows a first deployment");
    }
}
