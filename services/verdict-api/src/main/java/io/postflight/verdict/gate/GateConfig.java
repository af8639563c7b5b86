package io.postflight.verdict.gate;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * Settings of the progressive-delivery gates ({@code postflight.verdict-api.gates.*}): the Argo
 * Rollouts web-metric endpoint and the Flagger webhook (docs/integrations/argo-rollouts.md,
 * docs/integrations/flagger.md).
 *
 * @param roles roles (from the token's roles claim) that may ask a gate; any one suffices
 * @param slots {@code namespace/name=service/environment} entries naming the slot of a rollout or
 *     canary; one not listed is the slot {@code name/namespace}
 * @param flaggerTokens webhook tokens a Flagger webhook may send in {@code metadata.token} instead of
 *     a bearer token (Flagger sends no headers); none by default, which turns that way in off
 */
@ConfigurationProperties(GateConfig.PREFIX)
public record GateConfig(
        @NotEmpty @Bindable(defaultValue = "deployer,operator,admin") List<String> roles,
        @Nullable List<String> slots,
        @Nullable List<String> flaggerTokens) {

    public static final String PREFIX = "postflight.verdict-api.gates";

    public GateConfig {
        slots = slots == null ? List.of() : List.copyOf(slots);
        flaggerTokens = flaggerTokens == null ? List.of() : List.copyOf(flaggerTokens);
    }

    /** Never prints the webhook tokens. */
    @Override
    public String toString() {
        return "GateConfig[roles=" + roles + ", slots=" + slots + ", flaggerTokens=" + flaggerTokens.size() + " set]";
    }
}
