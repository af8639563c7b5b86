package io.postflight.gateway.http;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonFormat;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.Phase;
import java.time.Duration;

/**
 * The body of {@code POST /deployments/{id}/overrides}, as an operator writes it.
 *
 * @param action PROMOTE, ROLLBACK, RELEASE_HOLD, EXTEND or ABORT
 * @param releaseTo with RELEASE_HOLD: PROMOTE or ROLLBACK
 * @param phase with EXTEND: the phase whose end moves
 * @param extendBy with EXTEND: ISO-8601, e.g. {@code PT30M}, at most {@code PT24H}
 * @param reason why (mandatory)
 * @param overrideId the caller's id for this override, so that a retried request is applied once;
 *     absent: the gateway makes one
 * @param service with {@code environment}: the deployment's slot, for a deployment this gateway
 *     instance does not remember (announced to another instance, or long ago)
 * @param environment see {@code service}
 */
record OverrideRequest(OverrideAction action, @Nullable DecisionKind releaseTo, @Nullable Phase phase,
                       @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) Duration extendBy, String reason,
                       @Nullable String overrideId, @Nullable String service, @Nullable String environment) {
}
