package io.postflight.baseline;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions one stream task has asked its {@link VersionWatch} to record, kept in step with
 * the task's state store: each sync watches what the records now need and unwatches what they no
 * longer do. Used on the stream thread only.
 */
final class RecordedVersions {
    private final VersionWatch watch;
    private Map<String, Version> recorded = new HashMap<>();

    RecordedVersions(VersionWatch watch) {
        this.watch = watch;
    }

    /** Brings the watch in line with what {@code records} need recorded now. */
    void sync(Iterable<BaselineVerification> records) {
        Map<String, Version> desired = new HashMap<>();
        for (BaselineVerification r : records) {
            DeploymentRef d = r.deployment();
            Instant since = r.verification().dueSince();
            r.versionsToRecord().forEach((version, targets) -> desired.put(d.slot() + "/" + version,
                    new Version(d.service(), d.environment(), version, targets, since)));
        }
        recorded.forEach((key, v) -> {
            if (!desired.containsKey(key)) {
                watch.unwatch(v.service(), v.environment(), v.version());
            }
        });
        desired.forEach((key, v) -> {
            if (!v.equals(recorded.get(key))) {
                watch.watch(v.service(), v.environment(), v.version(), v.targets(), v.since());
            }
        });
        recorded = desired;
    }

    /** Unwatches everything (the task is closed: whoever owns it next records its versions). */
    void clear() {
        recorded.values().forEach(v -> watch.unwatch(v.service(), v.environment(), v.version()));
        recorded = new HashMap<>();
    }

    private record Version(String service, String environment, String version, List<Target> targets, Instant since) {
    }
}
