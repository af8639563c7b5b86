package io.postflight.gateway.http;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Override requests waiting for their audit record, by override id, completed as the audit topic
 * is followed ({@link #accept}). Recent audit records are remembered (at most {@code remembered}),
 * so that a retried request whose override was already audited is answered at once.
 */
final class AuditWaiters {
    private final Map<String, CompletableFuture<AuditRecord>> waiting = new ConcurrentHashMap<>();
    private final Map<String, AuditRecord> recent;

    AuditWaiters(int remembered) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AuditRecord> eldest) {
                return size() > remembered;
            }
        };
    }

    /** A future completed by the audit record of {@code overrideId}; register before writing the override. */
    CompletableFuture<AuditRecord> register(String overrideId) {
        CompletableFuture<AuditRecord> f = waiting.computeIfAbsent(overrideId, id -> new CompletableFuture<>());
        AuditRecord known;
        synchronized (recent) {
            known = recent.get(overrideId);
        }
        if (known != null) {
            f.complete(known);
        }
        f.whenComplete((a, e) -> waiting.remove(overrideId, f));
        return f;
    }

    /** One record of the audit topic (its value); one that is not an audit record is skipped. */
    void accept(String key, byte[] value) {
        AuditRecord audit;
        try {
            audit = Json.MAPPER.readValue(value, AuditRecord.class);
        } catch (IOException | RuntimeException e) {
            return; // the topic's producer is the decision engine; nothing to answer here
        }
        synchronized (recent) {
            recent.put(audit.overrideId(), audit);
        }
        CompletableFuture<AuditRecord> f = waiting.get(audit.overrideId());
        if (f != null) {
            f.complete(audit);
        }
    }

    /** Requests waiting now (tests). */
    int waiting() {
        return waiting.size();
    }
}
