package io.postflight.gateway.http;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Topics;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Writes an override to {@code postflight.overrides}, keyed by its slot, and waits, without
 * holding a thread, for its audit record: the answer completes with the record, or empty when it
 * did not come within {@code auditWait} (the override is then pending, not lost), or fails when the
 * broker did not acknowledge the override. Every request is written, a repeat of an id unknown here
 * included: the decision engine answers it with an audit record marked {@code repeat}, so that a
 * retry is answered after a gateway restart and on whichever instance takes it.
 */
public class OverrideSubmitter implements AutoCloseable {
    private final AcknowledgedWriter writer;
    private final AuditWaiters waiters;
    private final TopicFollower audit;
    private final Duration auditWait;
    private final Executor sending;

    /**
     * @param sending where a send may block (for the broker's metadata, at most the writer's
     *     timeout): never the event loop
     */
    OverrideSubmitter(AcknowledgedWriter writer, AuditWaiters waiters, TopicFollower audit, Duration auditWait,
                      Executor sending) {
        this.writer = writer;
        this.waiters = waiters;
        this.audit = audit;
        this.auditWait = auditWait;
        this.sending = sending;
    }

    /**
     * The first audit record of {@code overrideId} this instance has seen, or {@code null}: a repeat
     * is answered from it without writing, another override under its id refused.
     */
    AuditRecord audited(String overrideId) {
        return waiters.first(overrideId);
    }

    CompletableFuture<Optional<AuditRecord>> submit(OverrideCommand o) {
        CompletableFuture<AuditRecord> audited = waiters.register(o);
        CompletableFuture<Optional<AuditRecord>> answer = CompletableFuture
                .supplyAsync(() -> writer.send(Topics.OVERRIDES.name(), o.slot(), JsonSerde.toBytes(o), Map.of()),
                        sending)
                .thenCompose(acked -> acked)
                .thenCompose(acked -> audited.thenApply(Optional::of)
                        .completeOnTimeout(Optional.empty(), auditWait.toMillis(), TimeUnit.MILLISECONDS));
        answer.whenComplete((a, e) -> audited.cancel(false)); // stop this request's waiting, either way
        return answer;
    }

    @Override
    public void close() {
        audit.close();
        writer.close();
    }
}
