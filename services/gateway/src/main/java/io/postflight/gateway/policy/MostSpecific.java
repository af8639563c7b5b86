package io.postflight.gateway.policy;

import io.postflight.contracts.DeploymentRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Entries configured per service and environment, either left out to match every one, found most
 * specific first: the entry for the deployment's service and environment, else its service's (any
 * environment), else its environment's (any service), else the one with neither. A service is named
 * by its owners, so a service-only entry is their statement and outranks an environment-wide one.
 * Policies and discovery workloads are matched this one way.
 *
 * @param <E> the configured entry
 */
public final class MostSpecific<E> {
    private final Map<String, E> byKey = new HashMap<>();

    /** Adds {@code entry} for {@code service} in {@code environment} (null: every); returns the entry already there, else null. */
    public E putIfAbsent(String service, String environment, E entry) {
        return byKey.putIfAbsent(key(service, environment), entry);
    }

    /** The most specific entry for {@code d}, if any applies. */
    public Optional<E> find(DeploymentRef d) {
        E e = byKey.get(key(d.service(), d.environment()));
        e = e != null ? e : byKey.get(key(d.service(), null));
        e = e != null ? e : byKey.get(key(null, d.environment()));
        return Optional.ofNullable(e != null ? e : byKey.get(key(null, null)));
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** "service checkout in every environment": what an entry applies to, for messages. */
    public static String describe(String service, String environment) {
        return (service == null ? "every service" : "service " + service) + " in "
                + (environment == null ? "every environment" : "environment " + environment);
    }

    private static String key(String service, String environment) {
        // A NUL cannot occur in a checked identifier, so the key is unambiguous.
        return (service == null ? "\0" : service) + "/" + (environment == null ? "\0" : environment);
    }
}
