package io.postflight.targets;

import io.postflight.contracts.Target;
import io.postflight.contracts.TargetUrl;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which targets a verifier may call. Pure: no DNS, no I/O; the caller resolves names and asks
 * again about each address ({@link #refuseAddress}) just before connecting.
 *
 * <p>Denied unless an allowed CIDR covers them: loopback (unless {@code allow-loopback}), link-local
 * ({@code 169.254.0.0/16}, {@code fe80::/10}, which hold most cloud metadata services), unspecified
 * and "this network" ({@code 0.0.0.0/8}, {@code ::}), multicast, the metadata addresses outside those
 * ranges ({@code fd00:ec2::254}, {@code fd20:ce::254}, {@code 100.100.100.200}, {@code 192.0.0.192}, {@code 168.63.129.16}),
 * the metadata host names, and the configured {@code denied-cidrs}. With an allow-list, a host must
 * also match it.
 *
 * <p>Limit: the name is checked, then resolved and each address checked, then the HTTP client
 * resolves again to connect. A name whose DNS answer changes in between (DNS rebinding) can slip
 * through; allow-list targets by CIDR, or use IP literals, where that matters.
 */
public final class TargetPolicy {
    /** How a refusal starts, so that results and logs can be searched for it. */
    public static final String REFUSED = "refused by the target policy";

    private static final List<Cidr> LINK_LOCAL = cidrs("169.254.0.0/16", "fe80::/10");
    private static final List<Cidr> LOOPBACK = cidrs("127.0.0.0/8", "::1/128");
    private static final List<Cidr> UNSPECIFIED = cidrs("0.0.0.0/8", "::/128");
    private static final List<Cidr> MULTICAST = cidrs("224.0.0.0/4", "255.255.255.255/32", "ff00::/8");
    private static final List<Cidr> METADATA = cidrs("169.254.169.254/32", "fd00:ec2::254/128", "fd20:ce::254/128", "100.100.100.200/32",
            "192.0.0.192/32", "168.63.129.16/32");
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal",
            "metadata.tencentyun.com", "metadata.platformequinix.com");

    private final TargetPolicyConfig config;
    private final List<Cidr> allowedCidrs;
    private final List<Cidr> deniedCidrs;

    /** @throws IllegalArgumentException naming the property when a CIDR is malformed */
    public TargetPolicy(TargetPolicyConfig config) {
        this.config = config;
        this.allowedCidrs = parse(config.allowedCidrs(), "postflight.target-policy.allowed-cidrs");
        this.deniedCidrs = parse(config.deniedCidrs(), "postflight.target-policy.denied-cidrs");
    }

    public TargetPolicyConfig config() {
        return config;
    }

    /**
     * Why these targets may not be called, or empty when all may: too many of them, a malformed URL,
     * or a host the policy refuses. Checks names and literal addresses only (no DNS).
     */
    public Optional<String> refuse(List<Target> targets) {
        if (targets.size() > config.maxTargetsPerEvent()) {
            return Optional.of(REFUSED + ": " + targets.size() + " targets, more than postflight.target-policy."
                    + "max-targets-per-event=" + config.maxTargetsPerEvent());
        }
        List<String> refused = new ArrayList<>();
        for (Target t : targets) {
            String why;
            try {
                why = refuseHost(TargetUrl.parse(t.url()).host()).orElse(null);
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            if (why != null) {
                refused.add(t.instance() + " (" + shorten(t.url()) + "): " + why);
            }
        }
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        int shown = Math.min(refused.size(), 5);
        return Optional.of(REFUSED + ": " + refused.size() + " of " + targets.size() + " target(s): "
                + String.join("; ", refused.subList(0, shown)) + (shown < refused.size() ? "; ..." : ""));
    }

    /** Why {@code host} (a name or literal, as {@link TargetUrl#host()} gives it) is refused, if it is. */
    public Optional<String> refuseHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        byte[] literal = Addresses.literal(h);
        if (literal != null) {
            InetAddress address = Cidr.address(literal);
            return refuseAddress(address).or(() -> refuseResolved(h, List.of(address)));
        }
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        if (METADATA_NAMES.contains(name)) {
            return Optional.of("'" + name + "' is a cloud metadata service");
        }
        if ((name.equals("localhost") || name.endsWith(".localhost")) && !config.allowLoopback()) {
            return Optional.of("'" + name + "' is loopback (postflight.target-policy.allow-loopback is false)");
        }
        if (hasAllowList() && config.allowedCidrs().isEmpty() && !nameAllowed(name)) {
            // With allowed CIDRs too, a name outside the names may still resolve into them: decided then.
            return Optional.of("'" + name + "' is not in postflight.target-policy.allowed-hosts or allowed-domains");
        }
        return Optional.empty();
    }

    /** Why a connection to {@code address} is refused, if it is: the check on each resolved address. */
    public Optional<String> refuseAddress(InetAddress address) {
        String a = address.getHostAddress();
        if (allowedCidrs.stream().anyMatch(c -> c.contains(address))) {
            return Optional.empty();
        }
        if (in(METADATA, address)) {
            return Optional.of(a + " is a cloud metadata address");
        }
        if (in(LINK_LOCAL, address)) {
            return Optional.of(a + " is link-local (where cloud metadata services live)");
        }
        if (in(LOOPBACK, address) && !config.allowLoopback()) {
            return Optional.of(a + " is loopback (postflight.target-policy.allow-loopback is false)");
        }
        if (in(UNSPECIFIED, address)) {
            return Optional.of(a + " is an unspecified address");
        }
        if (in(MULTICAST, address)) {
            return Optional.of(a + " is multicast or broadcast");
        }
        Optional<Cidr> denied = deniedCidrs.stream().filter(c -> c.contains(address)).findFirst();
        if (denied.isPresent()) {
            return Optional.of(a + " is in postflight.target-policy.denied-cidrs " + denied.get().text());
        }
        return Optional.empty();
    }

    /**
     * Why {@code host}, resolved to {@code addresses}, is refused, if it is: each address against the
     * denials, then the allow-list (the name among the allowed names, or every address in the allowed CIDRs).
     */
    public Optional<String> refuseResolved(String host, List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            Optional<String> denied = refuseAddress(a);
            if (denied.isPresent()) {
                return Optional.of(host + " resolves to " + denied.get());
            }
        }
        if (!hasAllowList() || nameAllowed(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (!addresses.isEmpty() && addresses.stream().allMatch(a -> in(allowedCidrs, a))) {
            return Optional.empty();
        }
        return Optional.of(host + " is not in postflight.target-policy.allowed-hosts, allowed-domains or allowed-cidrs");
    }

    private boolean nameAllowed(String name) {
        return config.allowedHosts().stream().anyMatch(h -> h.equalsIgnoreCase(name))
                || config.allowedDomains().stream().map(d -> d.toLowerCase(Locale.ROOT).replaceAll("^\\.+", ""))
                        .anyMatch(d -> name.equals(d) || name.endsWith("." + d));
    }

    private boolean hasAllowList() {
        return !config.allowedHosts().isEmpty() || !config.allowedDomains().isEmpty() || !config.allowedCidrs().isEmpty();
    }

    private static boolean in(List<Cidr> ranges, InetAddress address) {
        return ranges.stream().anyMatch(c -> c.contains(address));
    }

    private static String shorten(String url) {
        return url.length() <= 80 ? url : url.substring(0, 80) + "...";
    }

    private static List<Cidr> parse(List<String> texts, String property) {
        List<Cidr> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Cidr.parse(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }
}
