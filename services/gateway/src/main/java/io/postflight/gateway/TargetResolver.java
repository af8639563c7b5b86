package io.postflight.gateway;

import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Target;
import io.postflight.contracts.TargetUrl;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the instances to probe come from: the deploy event's own list when it has one (the CD
 * system knows best what it just rolled out), else the configured target map for the slot.
 */
@Singleton
public class TargetResolver {
    private final Map<String, List<Target>> bySlot = new HashMap<>();

    public TargetResolver(List<TargetMapEntry> entries) {
        for (TargetMapEntry e : entries) {
            List<Target> targets = new ArrayList<>();
            for (String url : e.urls()) {
                TargetUrl checked;
                try {
                    // The rule every intake form and every reader applies: a configured URL that
                    // breaks it must stop start-up, not dead-letter each verification downstream.
                    checked = TargetUrl.parse(url);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("postflight.targets[" + e.index() + "].urls: '" + url
                            + "': " + bad.getMessage(), bad);
                }
                URI uri = URI.create(url);
                targets.add(new Target(checked.host() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""), url));
            }
            bySlot.put(DeploymentRef.slotOf(e.service(), e.environment()), List.copyOf(targets));
        }
    }

    public List<Target> targetsFor(DeployEvent event) {
        if (!event.targets().isEmpty()) {
            return event.targets();
        }
        return bySlot.getOrDefault(event.deployment().slot(), List.of());
    }
}
