package io.postflight.verdict.gate;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.stream.HistoryView;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Answers a gate request from this instance's store, at once: one read of the slot's newest
 * deployment, no waiting for a verdict to arrive (the tool asks again at its own interval). Made at
 * start-up ({@link Context}), so that a malformed slot entry or a short webhook token stops the
 * service then rather than failing the first request.
 */
@Context
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class Gates {
    private final HistoryView view;
    private final SlotMapping slots;
    private final WebhookTokens flaggerTokens;

    public Gates(HistoryView view, GateConfig config) {
        this.view = view;
        this.slots = new SlotMapping(config.slots());
        this.flaggerTokens = new WebhookTokens(config.flaggerTokens());
    }

    public String slotOf(String namespace, String name) {
        return slots.slotOf(namespace, name);
    }

    public GateAnswer answer(GateRequest request) {
        try {
            return GateAnswer.decide(request, view.slot(request.slot()));
        } catch (InvalidStateStoreException e) {
            return GateAnswer.unavailable(request); // undecided: never a promotion or rollback by accident
        }
    }

    WebhookTokens flaggerTokens() {
        return flaggerTokens;
    }
}
