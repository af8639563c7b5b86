package io.postflight.verdict.release;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The release policies by environment, created when the application starts ({@link Context}) so a
 * malformed policy (a window, a freeze, a missing lower environment) stops start-up naming its
 * property, instead of failing every gate request later while the service reports itself ready.
 */
@Context
public class ReleasePolicies {
    private final Map<String, ReleasePolicy> byEnvironment;

    public ReleasePolicies(List<ReleasePolicy> policies) {
        this.byEnvironment = policies.stream().collect(Collectors.toUnmodifiableMap(ReleasePolicy::name,
                Function.identity()));
    }

    /** The policy of {@code environment}, or {@code null} when it has none. */
    public @Nullable ReleasePolicy of(String environment) {
        return byEnvironment.get(environment);
    }

    public boolean has(String environment) {
        return byEnvironment.containsKey(environment);
    }
}
