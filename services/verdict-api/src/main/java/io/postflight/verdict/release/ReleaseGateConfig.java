package io.postflight.verdict.release;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * Who may approve and who may grant an emergency exception ({@code postflight.verdict-api.release-gate.*};
 * the policies are {@link ReleasePolicy}). The two roles are separate on purpose: an exception lets a
 * deployment through a window or a freeze, which an approver alone must not be able to do.
 *
 * @param approverRoles roles (from the token's roles claim) that may approve an artifact
 * @param emergencyRoles roles that may grant an emergency exception
 * @param approvalValidity how long an approval holds
 * @param exceptionValidity how long an emergency exception holds
 * @param writeTimeout longest wait for the broker to acknowledge a record
 */
@ConfigurationProperties(ReleaseGateConfig.PREFIX)
public record ReleaseGateConfig(@NotEmpty @Bindable(defaultValue = "approver") List<String> approverRoles,
                                @NotEmpty @Bindable(defaultValue = "emergency") List<String> emergencyRoles,
                                @NotNull @Bindable(defaultValue = "24h") Duration approvalValidity,
                                @NotNull @Bindable(defaultValue = "4h") Duration exceptionValidity,
                                @NotNull @Bindable(defaultValue = "10s") Duration writeTimeout) {

    public static final String PREFIX = "postflight.verdict-api.release-gate";

    public ReleaseGateConfig {
        for (String role : approverRoles) {
            if (emergencyRoles.contains(role)) {
                throw new IllegalArgumentException(PREFIX + ".approver-roles and " + PREFIX + ".emergency-roles share"
                        + " the role " + role + ": an approver must not be able to let a deployment through a freeze");
            }
        }
        for (Duration d : new Duration[] {approvalValidity, exceptionValidity, writeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(PREFIX + ": approval-validity, exception-validity and write-timeout"
                        + " must be positive, were " + approvalValidity + ", " + exceptionValidity + ", " + writeTimeout);
            }
        }
    }
}
