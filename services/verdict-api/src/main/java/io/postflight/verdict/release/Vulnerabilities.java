package io.postflight.verdict.release;

import io.postflight.contracts.DeploymentRef;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release gate's vulnerability check: the newest summary of the artifact that still holds
 * (posted by a scanner role, or a signed attestation) must show no known vulnerability at or above
 * the policy's {@code block-severity}. No summary blocks: an artifact nobody scanned is not shown
 * clean. Pure.
 */
final class Vulnerabilities {
    /** From the most to the least severe. */
    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
    static final String CHECK = "vulnerabilities";

    private Vulnerabilities() {
    }

    static ReleaseCheck check(ReleasePolicy policy, String service, @Nullable String digest,
                              Optional<GateRecord> summary) {
        if (policy.blockSeverity().equals("none")) {
            return new ReleaseCheck(CHECK, true, "vulnerabilities not checked in " + policy.name()
                    + " (block-severity: none)");
        }
        if (digest == null) {
            return new ReleaseCheck(CHECK, false, "no digest named, so no vulnerability summary can be matched to"
                    + " the artifact");
        }
        if (summary.isEmpty()) {
            return new ReleaseCheck(CHECK, false, "no vulnerability summary of " + DeploymentRef.forPeople(digest)
                    + " that still holds (a scanner records one: POST /vulnerability-summaries/" + service
                    + ", with a scanner role or a signed attestation)");
        }
        GateRecord s = summary.get();
        List<String> blocking = new ArrayList<>();
        for (String severity : SEVERITIES.subList(0, SEVERITIES.indexOf(policy.blockSeverity()) + 1)) {
            int n = count(s.findings(), severity);
            if (n > 0) {
                blocking.add(n + " " + severity);
            }
        }
        String by = s.attestedBy() != null ? "attested by key " + s.attestedBy() + " (posted by " + s.who() + ")"
                : "posted by " + s.who();
        String counts = words(s.findings());
        if (!blocking.isEmpty()) {
            return new ReleaseCheck(CHECK, false, DeploymentRef.forPeople(digest) + " has " + String.join(", ",
                    blocking) + " known vulnerabilit" + (blocking.size() == 1 && blocking.get(0).startsWith("1 ")
                    ? "y" : "ies") + " (at or above " + policy.blockSeverity() + " blocks): " + counts + ", " + by
                    + " at " + s.recordedAt());
        }
        return new ReleaseCheck(CHECK, true, "no known vulnerability at or above " + policy.blockSeverity() + ": "
                + counts + ", " + by + " at " + s.recordedAt());
    }

    static int count(@Nullable Map<String, Integer> findings, String severity) {
        Integer n = findings == null ? null : findings.get(severity);
        return n == null ? 0 : n;
    }

    static String words(@Nullable Map<String, Integer> findings) {
        List<String> parts = new ArrayList<>();
        for (String severity : SEVERITIES) {
            parts.add(count(findings, severity) + " " + severity);
        }
        return String.join(", ", parts);
    }
}
