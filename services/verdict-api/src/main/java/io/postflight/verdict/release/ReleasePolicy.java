package io.postflight.verdict.release;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * The release policy of one environment ({@code postflight.verdict-api.release-gate.environments.<name>.*}).
 * An environment without one has no gate: its answer is BLOCK, naming the missing policy.
 *
 * @param name the environment the policy guards, as deploy events name it
 * @param lowerEnvironment where an artifact must have been verified (PROMOTED) first, e.g. {@code staging}
 * @param soak how long the artifact must have run there, from its deployment until now or until a
 *     newer deployment replaced it, without a rollback
 * @param requireDigest the request must name the artifact by a {@code sha256:} digest
 * @param requireRollbackTarget the environment must have a promoted version to roll back to (set
 *     false for a service's first deployment there)
 * @param requireApproval the artifact must have been approved for the environment by an approver
 *     role ({@code POST /approvals/{service}/{environment}})
 * @param windows recurring deployment windows ({@link DeploymentWindow}); none: any time
 * @param freezes dated change freezes ({@link ChangeFreeze})
 * @param blockSeverity the lowest severity of which one known vulnerability blocks ({@code critical},
 *     {@code high}, {@code medium}, {@code low}), with a summary for the digest required; {@code none}:
 *     not checked
 */
@EachProperty("postflight.verdict-api.release-gate.environments")
public record ReleasePolicy(@Parameter String name, String lowerEnvironment,
                            @Bindable(defaultValue = "1h") Duration soak,
                            @Bindable(defaultValue = "true") boolean requireDigest,
                            @Bindable(defaultValue = "true") boolean requireRollbackTarget,
                            @Bindable(defaultValue = "true") boolean requireApproval,
                            @Nullable List<String> windows, @Nullable List<String> freezes,
                            @Bindable(defaultValue = "critical") String blockSeverity) {

    public ReleasePolicy {
        String key = "postflight.verdict-api.release-gate.environments." + name;
        if (lowerEnvironment == null || lowerEnvironment.isBlank() || lowerEnvironment.equals(name)) {
            throw new IllegalArgumentException(key + ".lower-environment: name the environment an artifact is"
                    + " verified in first (not " + name + " itself)");
        }
        if (soak == null || soak.isNegative()) {
            throw new IllegalArgumentException(key + ".soak: must be zero or more, was " + soak);
        }
        blockSeverity = blockSeverity == null ? "critical" : blockSeverity.strip().toLowerCase(java.util.Locale.ROOT);
        if (!blockSeverity.equals("none") && !Vulnerabilities.SEVERITIES.contains(blockSeverity)) {
            throw new IllegalArgumentException(key + ".block-severity: one of " + Vulnerabilities.SEVERITIES
                    + " or none, not " + blockSeverity);
        }
        windows = windows == null ? List.of() : List.copyOf(windows);
        freezes = freezes == null ? List.of() : List.copyOf(freezes);
        for (int i = 0; i < windows.size(); i++) {
            try {
                DeploymentWindow.parse(windows.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".windows[" + i + "]: " + e.getMessage());
            }
        }
        for (int i = 0; i < freezes.size(); i++) {
            try {
                ChangeFreeze.parse(freezes.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".freezes[" + i + "]: " + e.getMessage());
            }
        }
    }

    List<DeploymentWindow> parsedWindows() {
        return windows.stream().map(DeploymentWindow::parse).toList();
    }

    List<ChangeFreeze> parsedFreezes() {
        return freezes.stream().map(ChangeFreeze::parse).toList();
    }
}
