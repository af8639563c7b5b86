package io.postflight.verdict.release;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param scannerRoles roles that may record a vulnerability summary without a signature (a
 *     scanner's service account); apart from the approver and emergency roles and from the gate roles
 * @param scanValidity how long a vulnerability summary holds (a scan ages as advisories appear)
 * @param attestationKeys public keys (PEM, EC P-256/384 or RSA), by name, whose signed
 *     vulnerability attestations are accepted from a scanner or a pipeline
 */
@ConfigurationProperties(ReleaseGateConfig.PREFIX)
public record ReleaseGateConfig(@NotEmpty @Bindable(defaultValue = "approver") List<String> approverRoles,
                                @NotEmpty @Bindable(defaultValue = "emergency") List<String> emergencyRoles,
                                @NotNull @Bindable(defaultValue = "24h") Duration approvalValidity,
                                @NotNull @Bindable(defaultValue = "4h") Duration exceptionValidity,
                                @NotNull @Bindable(defaultValue = "10s") Duration writeTimeout,
                                @NotEmpty @Bindable(defaultValue = "scanner") List<String> scannerRoles,
                                @NotNull @Bindable(defaultValue = "7d") Duration scanValidity,
                                @Nullable Map<String, String> attestationKeys) {

    public static final String PREFIX = "postflight.verdict-api.release-gate";

    public ReleaseGateConfig {
        for (String role : approverRoles) {
            if (emergencyRoles.contains(role)) {
                throw new IllegalArgumentException(PREFIX + ".approver-roles and " + PREFIX + ".emergency-roles share"
                        + " the role " + role + ": an approver must not be able to let a deployment through a freeze");
            }
        }
        for (String role : scannerRoles) {
            if (approverRoles.contains(role) || emergencyRoles.contains(role)) {
                throw new IllegalArgumentException(PREFIX + ".scanner-roles shares the role " + role + " with the"
                        + " approver or emergency roles: a scanner's account must not approve or grant exceptions");
            }
        }
        for (Duration d : new Duration[] {approvalValidity, exceptionValidity, writeTimeout, scanValidity}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(PREFIX + ": approval-validity, exception-validity, write-timeout"
                        + " and scan-validity must be positive, were " + approvalValidity + ", " + exceptionValidity
                        + ", " + writeTimeout + ", " + scanValidity);
            }
        }
        attestationKeys = attestationKeys == null ? Map.of() : Map.copyOf(attestationKeys);
        // Parsed now so that a key that is no key stops start-up, naming it.
        VulnerabilityAttestations.parse(attestationKeys);
    }
}
