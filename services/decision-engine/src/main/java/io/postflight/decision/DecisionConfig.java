package io.postflight.decision;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Decision-engine settings ({@code postflight.decision.*}).
 *
 * @param silenceTimeout a verification still undecided this long after it began gets a HOLD
 *     (a verifier that is down must not let a deployment pass by default); longer than the health
 *     and baseline phases together
 * @param slotRetention how long a slot's record is kept after its last activity (start or decision);
 *     then it is deleted from {@code decision-slots}. Longer than the silence timeout and the drift
 *     phase (24 h after PROMOTE), whose post-promotion ROLLBACK needs the record
 */
@ConfigurationProperties("postflight.decision")
public record DecisionConfig(@NotNull @Bindable(defaultValue = "2h") Duration silenceTimeout,
                             @NotNull @Bindable(defaultValue = "7d") Duration slotRetention) {
    public static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofHours(2);
    public static final Duration DEFAULT_SLOT_RETENTION = Duration.ofDays(7);

    public DecisionConfig {
        if (silenceTimeout != null && silenceTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("postflight.decision.silence-timeout must be at least 1 minute (it must"
                    + " outlast the health and baseline phases), was " + silenceTimeout);
        }
        if (slotRetention != null && silenceTimeout != null && slotRetention.compareTo(silenceTimeout) <= 0) {
            throw new IllegalArgumentException("postflight.decision.slot-retention must be longer than the silence"
                    + " timeout (" + silenceTimeout + "), was " + slotRetention);
        }
    }
}
