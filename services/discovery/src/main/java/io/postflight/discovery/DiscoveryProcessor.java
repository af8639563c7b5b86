package io.postflight.discovery;

import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.TargetsChanged;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.AppliedOverrides;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.PhaseTopology;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.DeploymentMdc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the new version's pods of every discovered verification in this task's slots and publishes
 * full snapshots of them on {@link Topics#TARGETS} (ADR 0029 §1).
 *
 * <p>The watches run on their own threads ({@link PodSource}); all they do to this processor is add
 * their slot to a concurrent dirty set. A wall-clock punctuator ({@code tick}) builds each dirty slot's
 * snapshot from the watch (a memory read), and publishes it, with the next sequence, inside the
 * exactly-once transaction when its content changed; an unchanged one is published again every
 * {@code resync} as a heartbeat. The store holds what a later owner of the slot needs to watch again
 * and continue the sequence; the pods are re-listed.
 *
 * <p>A watch ends with the deployment's HEALTH result, an applied ABORT, a newer deployment of the
 * slot, or at its watch end (verification start + {@code watch-for}), whichever comes first.
 */
public final class DiscoveryProcessor extends PhaseProcessor {
    public static final String STORE = "discovery-watches";
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryProcessor.class);
    private static final String CONSUMER = "discovery";

    private final PodSource source;
    private final DiscoveryConfig config;
    private final RecordMetrics metrics;
    private final DiscoveryMetrics discoveryMetrics;
    /** Slots whose watch saw a change; added to by the watches' threads, drained by the tick. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** This task's running watches by slot, with their stored record (kept in step with the store). */
    private final Map<String, Held> live = new HashMap<>();
    private KeyValueStore<String, DiscoveryWatch> store;

    private record Held(DiscoveryWatch stored, LiveWatch watch) {
    }

    public DiscoveryProcessor(PodSource source, DiscoveryConfig config, RecordMetrics metrics) {
        super(CONSUMER, metrics);
        this.source = source;
        this.config = config;
        this.metrics = metrics;
        this.discoveryMetrics = new DiscoveryMetrics(metrics.registry());
    }

    /**
     * verifications + the decision engine's audit records + phase results (all keyed by slot, one
     * source, so each meets the slot's watch in its task) → discovery → {@code postflight.targets}.
     */
    public static PhaseTopology topology() {
        return PhaseTopology.named("discovery").reading(Topics.VERIFICATIONS, Topics.AUDIT, Topics.PHASE_RESULTS)
                .store(STORE, DiscoveryWatch.class);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        inputs.on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onVerification);
        inputs.on(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, this::onResult);
        // Only an ABORT matters here; an EXTEND of HEALTH is covered by watch-for's margin.
        AppliedOverrides.of(Phase.HEALTH, this::onAbort, o -> { }).declareOn(inputs);
    }

    /** Watches again every slot the store holds: a restarted or re-balanced task re-lists them. */
    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        store = context.getStateStore(STORE);
        closeAll();
        try (KeyValueIterator<String, DiscoveryWatch> it = store.all()) {
            it.forEachRemaining(kv -> {
                live.put(kv.key, new Held(kv.value, open(kv.key, kv.value)));
                dirty.add(kv.key);
            });
        }
        if (!live.isEmpty()) {
            LOG.info("watching {} slot(s) again", live.size());
        }
        every(config.tick(), this::onTick);
    }

    private LiveWatch open(String slot, DiscoveryWatch w) {
        return new LiveWatch(source, w.deployment(), w.discovery(), () -> dirty.add(slot));
    }

    private void onVerification(VerificationStarted v) {
        String slot = v.deployment().slot();
        Held current = live.get(slot);
        try (var ignored = DeploymentMdc.of(v.deployment(), "DISCOVERY")) {
            if (current != null && current.stored().deploymentId().equals(v.deployment().deploymentId())) {
                metrics.duplicate(CONSUMER);
                return;
            }
            if (current != null) {
                // Any new deployment of the slot ends the old one's watch, as in the verifiers.
                LOG.info("superseding the watch of {}", current.stored().deploymentId());
                stop(slot);
            }
            if (v.discovery() == null || !v.phases().contains(Phase.HEALTH)) {
                metrics.ignored(CONSUMER, "not-discovered");
                return;
            }
            Instant now = now();
            Instant watchEnd = v.startedAt().plus(config.watchFor());
            if (!watchEnd.isAfter(now)) {
                // Read after its health phase was over (this service was down, or history is replayed).
                metrics.ignored(CONSUMER, "watch-over");
                return;
            }
            DiscoveryWatch w = DiscoveryWatch.starting(v.deployment(), v.discovery(), watchEnd);
            store.put(slot, w);
            live.put(slot, new Held(w, open(slot, w)));
            dirty.add(slot);
            LOG.info("watching {} in {} until {}", v.discovery().name() != null ? v.discovery().name()
                    : v.discovery().selector(), v.discovery().clusters(), watchEnd);
        }
    }

    /** The deployment's HEALTH result: the health verifier needs no more snapshots of it. */
    private void onResult(PhaseResult r) {
        if (r.phase() == Phase.HEALTH) {
            stopIfWatching(r.deployment().slot(), r.deployment().deploymentId(), "its HEALTH result");
        }
    }

    private void onAbort(OverrideCommand o) {
        stopIfWatching(o.slot(), o.deploymentId(), "an ABORT by " + o.who());
    }

    private void stopIfWatching(String slot, String deploymentId, String why) {
        Held current = live.get(slot);
        if (current == null || !current.stored().deploymentId().equals(deploymentId)) {
            metrics.ignored(CONSUMER, "not-watching");
            return;
        }
        try (var ignored = DeploymentMdc.of(current.stored().deployment(), "DISCOVERY")) {
            LOG.info("watch ends with {}", why);
        }
        stop(slot);
    }

    private void stop(String slot) {
        Held held = live.remove(slot);
        if (held != null) {
            held.watch().close();
        }
        store.delete(slot);
        dirty.remove(slot);
    }

    /**
     * Ends the watches past their end; publishes the changed snapshots of the dirty slots and every
     * watch's heartbeat when its resync is due.
     */
    private void onTick(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (String slot : new ArrayList<>(live.keySet())) {
            Held held = live.get(slot);
            if (!now.isBefore(held.stored().watchEnd())) {
                LOG.info("the watch of {} in {} reached its end", held.stored().deploymentId(), slot);
                stop(slot);
                continue;
            }
            boolean heartbeat = held.stored().resyncDue(now, config.resync());
            boolean changed = dirty.remove(slot);
            if (heartbeat && held.watch().retryFailed()) {
                changed = true;
            }
            if (changed || heartbeat) {
                publish(slot, held, now, heartbeat);
            }
        }
        // Marks of watches that have just ended.
        for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            if (!live.containsKey(it.next())) {
                it.remove();
            }
        }
    }

    private void publish(String slot, Held held, Instant now, boolean heartbeat) {
        DiscoveryWatch w = held.stored();
        long sequence = w.lastSequence() + 1;
        TargetsChanged snapshot = TargetsSnapshots.merge(w.deployment(), sequence, now, held.watch().maxPods(),
                source.name(), held.watch().snapshots());
        try {
            snapshot = snapshot.checked();
        } catch (IllegalArgumentException e) {
            // Pod by pod: one pod the contract refuses must not hide another's crash loop.
            LOG.warn("slot {}: the discovered set fails the contract ({}); the pods at fault are left out", slot,
                    Problems.cut(String.valueOf(e.getMessage()), Problems.MAX_PART));
            snapshot = TargetsSnapshots.withoutRefusedPods(snapshot).checked();
        }
        String digest = TargetsSnapshots.digest(snapshot);
        if (!heartbeat && digest.equals(w.lastDigest())) {
            return;
        }
        context().forward(new Record<>(slot, new Outgoing(Topics.TARGETS.name(), JsonSerde.toBytes(snapshot)),
                now.toEpochMilli()));
        discoveryMetrics.snapshotPublished(snapshot.complete());
        DiscoveryWatch published = w.published(sequence, digest, now);
        store.put(slot, published);
        live.put(slot, new Held(published, held.watch()));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context().currentSystemTimeMs());
    }

    /** The task is closing (rebalance, shutdown): its watches stop; the slot's next owner starts them again. */
    @Override
    public void close() {
        closeAll();
    }

    private void closeAll() {
        live.values().forEach(h -> h.watch().close());
        live.clear();
        dirty.clear();
    }
}
