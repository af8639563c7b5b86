package io.postflight.provider.scrape;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The target policy as a scrape or a health probe asks it just before each call: whether the addresses a page's host
 * resolves to now may be connected to (a name resolving to loopback, link-local or a cloud metadata
 * address is refused unless allowed). The services pass their {@code TargetPolicy::refuseResolved}.
 */
@FunctionalInterface
public interface AddressGate {

    /** Why {@code host}, resolved to {@code addresses}, must not be called, if it must not. */
    Optional<String> refuse(String host, List<InetAddress> addresses);

    /**
     * Resolves {@code host} now (a blocking lookup: call it off the stream thread) and asks
     * {@link #refuse}. A host that does not resolve is refused too: the policy cannot be checked,
     * and calling anyway would let the HTTP client resolve the name again, past the policy.
     */
    default Optional<String> refuseNow(String host) {
        List<InetAddress> addresses;
        try {
            addresses = host == null ? List.of() : List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        return refuseResolution(host, addresses);
    }

    /**
     * {@link #refuse} for {@code host} once looked up (by {@link #refuseNow}, or by a caller that
     * resolves off its own thread, as the health probe client does): no address is a refusal too.
     */
    default Optional<String> refuseResolution(String host, List<InetAddress> addresses) {
        return addresses.isEmpty() ? Optional.of("host " + host + " did not resolve from the verifier; not called")
                : refuse(host, addresses);
    }
}
