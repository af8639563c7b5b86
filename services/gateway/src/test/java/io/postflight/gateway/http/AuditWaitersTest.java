package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.kafka.JsonSerde;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Requests waiting for their override's audit record, and retries answered from the ones remembered. */
class AuditWaitersTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static byte[] audit(String overrideId, AuditOutcome outcome) {
        OverrideCommand o = new OverrideCommand(null, overrideId, "d-1", "shop/prod", OverrideAction.ABORT, null, null,
                null, "why", "alice", T0);
        return JsonSerde.toBytes(new AuditRecord(null, o, null, outcome, outcome == AuditOutcome.REFUSED ? "no" : null,
                null, null, null, T0));
    }

    @Test
    void aWaitingRequestIsCompletedByItsOwnAuditRecordOnly() {
        AuditWaiters waiters = new AuditWaiters(10);
        var mine = waiters.register("ov-1");

        waiters.accept("shop/prod", audit("ov-2", AuditOutcome.APPLIED));
        assertThat(mine).isNotDone();
        waiters.accept("shop/prod", audit("ov-1", AuditOutcome.REFUSED));

        assertThat(mine).isCompletedWithValueMatching(a -> a.outcome() == AuditOutcome.REFUSED);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void aRetryOfAnAuditedOverrideIsAnsweredAtOnceWithinWhatIsRemembered() {
        AuditWaiters waiters = new AuditWaiters(2);
        waiters.accept("k", audit("ov-1", AuditOutcome.APPLIED));
        waiters.accept("k", audit("ov-2", AuditOutcome.APPLIED));
        waiters.accept("k", audit("ov-3", AuditOutcome.APPLIED));

        assertThat(waiters.register("ov-3")).isCompletedWithValueMatching(a -> a.overrideId().equals("ov-3"));
        assertThat(waiters.register("ov-1")).as("forgotten beyond the bound").isNotDone();
    }

    @Test
    void aRecordThatIsNotAnAuditRecordIsSkipped() {
        AuditWaiters waiters = new AuditWaiters(10);
        var mine = waiters.register("ov-1");

        waiters.accept("k", "not json".getBytes());
        waiters.accept("k", null);

        assertThat(mine).isNotDone();
    }
}
