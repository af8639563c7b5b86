package io.postflight.judge.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health phase's state for one deployment: when it began and each instance's tally. Kept in
 * a Kafka Streams state store, so it must stay a plain value.
 *
 * @param startedAt when the phase began
 * @param rounds probe rounds completed
 * @param instances tally per instance, in target order
 */
public record HealthTracker(Instant startedAt, int rounds, Map<String, InstanceHealth> instances) {

    public HealthTracker {
        instances = instances == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(instances));
    }

    public static HealthTracker start(Instant startedAt, List<String> instanceNames) {
        Map<String, InstanceHealth> m = new LinkedHashMap<>();
        instanceNames.forEach(n -> m.put(n, InstanceHealth.fresh(n)));
        return new HealthTracker(startedAt, 0, m);
    }

    /** The state after one probe round; observations of unknown instances are ignored. */
    public HealthTracker observe(List<ProbeObservation> round) {
        Map<String, InstanceHealth> m = new LinkedHashMap<>(instances);
        for (ProbeObservation o : round) {
            m.computeIfPresent(o.instance(), (k, v) -> v.observe(o));
        }
        return new HealthTracker(startedAt, rounds + 1, m);
    }
}
