package io.postflight.gateway.http;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Override requests waiting for their audit record, completed as the audit topic is followed
 * ({@link #accept}). Each request waits on a future of its own, so that one request's timeout or
 * cancellation never answers another's, and is completed by an audit record of its override id
 * <em>and</em> its content ({@link OverrideCommand#sameOverrideAs}): under one id, the first
 * override's record answers its repeats, and the decision engine's refusal of another override
 * under that id answers only that one. The first audit record of each id is remembered (at most
 * {@code remembered}), so that a retried request is answered at once and another override under a
 * known id refused without writing it.
 */
final class AuditWaiters {
    /** One waiting request: what it asked and the answer its audit record completes. */
    private record Waiter(OverrideCommand override, CompletableFuture<AuditRecord> answer) {
    }

    /** Override id → the requests waiting for it; lists are replaced, never changed, inside compute. */
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final Map<String, AuditRecord> firsts;

    AuditWaiters(int remembered) {
        this.firsts = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AuditRecord> eldest) {
                return size() > remembered;
            }
        };
    }

    /** The first audit record of {@code overrideId} this instance has seen, or {@code null}. */
    AuditRecord first(String overrideId) {
        synchronized (firsts) {
            return firsts.get(overrideId);
        }
    }

    /**
     * A future, this request's own, completed by the audit record answering {@code o}; register
     * before writing the override. Completing or cancelling it stops its waiting only.
     */
    CompletableFuture<AuditRecord> register(OverrideCommand o) {
        Waiter w = new Waiter(o, new CompletableFuture<>());
        waiting.compute(o.overrideId(), (id, ws) -> {
            List<Waiter> more = ws == null ? new ArrayList<>() : new ArrayList<>(ws);
            more.add(w);
            return List.copyOf(more);
        });
        w.answer().whenComplete((a, e) -> waiting.computeIfPresent(o.overrideId(), (id, ws) -> {
            List<Waiter> rest = ws.stream().filter(other -> other != w).toList();
            return rest.isEmpty() ? null : rest;
        }));
        return w.answer();
    }

    /** One record of the audit topic (its value); one that is not an audit record is skipped. */
    void accept(String key, byte[] value) {
        AuditRecord audit;
        try {
            audit = Json.MAPPER.readValue(value, AuditRecord.class);
        } catch (IOException | RuntimeException e) {
            return; // the topic's producer is the decision engine; nothing to answer here
        }
        if (!audit.repeated()) {
            synchronized (firsts) {
                firsts.putIfAbsent(audit.overrideId(), audit);
            }
        }
        for (Waiter w : waiting.getOrDefault(audit.overrideId(), List.of())) {
            if (w.override().sameOverrideAs(audit.override())) {
                w.answer().complete(audit);
            }
        }
    }

    /** Requests waiting now (tests). */
    int waiting() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }
}
