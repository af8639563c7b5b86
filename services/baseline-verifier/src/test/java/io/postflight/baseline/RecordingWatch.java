package io.postflight.baseline;

import io.postflight.contracts.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Remembers which versions the processor currently wants recorded, and their instances. */
final class RecordingWatch implements VersionWatch {
    final Map<String, List<Target>> instances = new TreeMap<>();
    final Map<String, java.time.Instant> since = new TreeMap<>();

    @Override
    public synchronized void watch(String service, String environment, String version, List<Target> targets,
                                   java.time.Instant since) {
        instances.put(service + "/" + environment + "/" + version, targets);
        this.since.put(service + "/" + environment + "/" + version, since);
    }

    @Override
    public synchronized void unwatch(String service, String environment, String version) {
        instances.remove(service + "/" + environment + "/" + version);
        since.remove(service + "/" + environment + "/" + version);
    }

    synchronized Set<String> watched() {
        return Set.copyOf(instances.keySet());
    }
}
