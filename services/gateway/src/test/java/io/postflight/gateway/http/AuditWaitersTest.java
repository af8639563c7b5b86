package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.kafka.JsonSerde;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Requests waiting for their override's audit record, each on its own, matched by id and content;
 * and retries answered from the first records remembered.
 */
class AuditWaitersTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static OverrideCommand command(String overrideId, OverrideAction action) {
        return new OverrideCommand(null, overrideId, "d-1", "shop/prod", action, null, null, null, "why", "alice",
                T0).checked();
    }

    private static byte[] audit(OverrideCommand o, AuditOutcome outcome, Boolean repeat) {
        return JsonSerde.toBytes(new AuditRecord(null, o, null, outcome, outcome == AuditOutcome.REFUSED ? "no" : null,
                null, null, null, T0, repeat));
    }

    private static byte[] audit(String overrideId, AuditOutcome outcome) {
        return audit(command(overrideId, OverrideAction.ABORT), outcome, null);
    }

    @Test
    void aWaitingRequestIsCompletedByItsOwnAuditRecordOnly() {
        AuditWaiters waiters = new AuditWaiters(10);
        var mine = waiters.register(command("ov-1", OverrideAction.ABORT));

        waiters.accept("shop/prod", audit("ov-2", AuditOutcome.APPLIED));
        assertThat(mine).isNotDone();
        waiters.accept("shop/prod", audit("ov-1", AuditOutcome.REFUSED));

        assertThat(mine).isCompletedWithValueMatching(a -> a.outcome() == AuditOutcome.REFUSED);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void twoRequestsWithTheSameIdEachGetTheAnswerWhenOneOfThemStopsWaiting() {
        AuditWaiters waiters = new AuditWaiters(10);
        var first = waiters.register(command("ov-1", OverrideAction.ABORT));
        var second = waiters.register(command("ov-1", OverrideAction.ABORT));

        first.cancel(false); // the first request's audit wait ran out
        waiters.accept("shop/prod", audit("ov-1", AuditOutcome.APPLIED));

        assertThat(second).isCompletedWithValueMatching(a -> a.outcome() == AuditOutcome.APPLIED);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void anotherOverrideUnderTheSameIdIsAnsweredOnlyByItsOwnRefusal() {
        AuditWaiters waiters = new AuditWaiters(10);
        OverrideCommand abort = command("ov-1", OverrideAction.ABORT);
        OverrideCommand promote = command("ov-1", OverrideAction.PROMOTE);
        var aborting = waiters.register(abort);
        var promoting = waiters.register(promote);

        waiters.accept("shop/prod", audit(abort, AuditOutcome.APPLIED, null));
        assertThat(aborting).isCompletedWithValueMatching(a -> a.outcome() == AuditOutcome.APPLIED);
        assertThat(promoting).as("not answered by the other override's record").isNotDone();

        waiters.accept("shop/prod", audit(promote, AuditOutcome.REFUSED, true));
        assertThat(promoting).isCompletedWithValueMatching(a -> a.outcome() == AuditOutcome.REFUSED);
        assertThat(waiters.first("ov-1").override().action()).as("the id still names the first override")
                .isEqualTo(OverrideAction.ABORT);
    }

    @Test
    void aRepeatRecordAnswersARetryThisInstanceHadNotSeenTheFirstRecordOf() {
        AuditWaiters waiters = new AuditWaiters(10); // as after a restart: the first record went by earlier
        var retry = waiters.register(command("ov-1", OverrideAction.ABORT));

        waiters.accept("shop/prod", audit(command("ov-1", OverrideAction.ABORT), AuditOutcome.APPLIED, true));

        assertThat(retry).isCompletedWithValueMatching(AuditRecord::repeated);
        assertThat(waiters.first("ov-1")).as("a repeat is not taken for the first record").isNull();
    }

    @Test
    void theFirstRecordsAreRememberedWithinTheBound() {
        AuditWaiters waiters = new AuditWaiters(2);
        waiters.accept("k", audit("ov-1", AuditOutcome.APPLIED));
        waiters.accept("k", audit("ov-2", AuditOutcome.APPLIED));
        waiters.accept("k", audit("ov-3", AuditOutcome.APPLIED));

        assertThat(waiters.first("ov-3")).extracting(AuditRecord::overrideId).isEqualTo("ov-3");
        assertThat(waiters.first("ov-1")).as("forgotten beyond the bound").isNull();
    }

    @Test
    void aRecordThatIsNotAnAuditRecordIsSkipped() {
        AuditWaiters waiters = new AuditWaiters(10);
        var mine = waiters.register(command("ov-1", OverrideAction.ABORT));

        waiters.accept("k", "not json".getBytes());
        waiters.accept("k", null);

        assertThat(mine).isNotDone();
    }
}
