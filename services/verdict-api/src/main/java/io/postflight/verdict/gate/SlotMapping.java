package io.postflight.verdict.gate;

import io.postflight.contracts.DeploymentRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which slot a rollout or canary is: a configured {@code namespace/name=service/environment}
 * entry, else service = the rollout's or canary's name and environment = its namespace. Pure.
 */
public final class SlotMapping {
    private final Map<String, String> slots;

    /**
     * @param entries {@code namespace/name=service/environment}
     * @throws IllegalArgumentException naming the first malformed entry (at start-up)
     */
    public SlotMapping(List<String> entries) {
        Map<String, String> map = new HashMap<>();
        for (String entry : entries) {
            String[] sides = entry.split("=", -1);
            if (sides.length != 2 || !pair(sides[0]) || !pair(sides[1])) {
                throw new IllegalArgumentException(GateConfig.PREFIX + ".slots: '" + entry
                        + "' is not namespace/name=service/environment");
            }
            if (map.put(sides[0].strip(), sides[1].strip()) != null) {
                throw new IllegalArgumentException(GateConfig.PREFIX + ".slots: '" + sides[0].strip() + "' is mapped twice");
            }
        }
        this.slots = Map.copyOf(map);
    }

    /** The slot ({@code service/environment}) of the rollout or canary {@code name} in {@code namespace}. */
    public String slotOf(String namespace, String name) {
        String mapped = slots.get(namespace + "/" + name);
        return mapped != null ? mapped : DeploymentRef.slotOf(name, namespace);
    }

    private static boolean pair(String side) {
        String[] parts = side.strip().split("/", -1);
        return parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank();
    }
}
