package io.postflight.provider.kubernetes;

/** Which controller runs the workload; {@link #AUTO} tries Deployment, StatefulSet, then Rollout. */
public enum WorkloadKind {
    DEPLOYMENT("Deployment"),
    STATEFUL_SET("StatefulSet"),
    ROLLOUT("Rollout"),
    AUTO("auto");

    private final String apiName;

    WorkloadKind(String apiName) {
        this.apiName = apiName;
    }

    /** The name the Kubernetes API (and ADR 0029's configuration) gives the kind. */
    public String apiName() {
        return apiName;
    }

    /** Reads a configured kind, case-insensitively ({@code Deployment}, {@code statefulset}, {@code auto}). */
    public static WorkloadKind of(String name) {
        for (WorkloadKind kind : values()) {
            if (kind.apiName.equalsIgnoreCase(name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown workload kind '" + name
                + "': Deployment, StatefulSet, Rollout or auto");
    }
}
