package io.postflight.httpkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request counts as for a rate limit: the authenticated subject when there is one, else the
 * address of the peer that opened the connection. A forwarding header ({@code X-Forwarded-For}) is
 * read only when that peer is one of the configured trusted proxies, and then from the right: the
 * first address not itself a trusted proxy is the client. A caller can thus never pick a fresh key
 * per request by writing the header itself. Pure: addresses in, a key out; never a DNS lookup.
 */
public final class ClientKeys {
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    /** An address block: the first {@code bits} of {@code network}. */
    private record Block(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> trusted;

    /**
     * @param trustedProxies addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) of the
     *     proxies in front of the service; empty: forwarding headers are never read
     * @throws IllegalArgumentException naming an entry that is not an address or block
     */
    public ClientKeys(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            blocks.add(block(entry.strip()));
        }
        this.trusted = List.copyOf(blocks);
    }

    /**
     * @param subject the authenticated principal, {@code null} when there is none
     * @param peer the address of the connection's peer ({@code null} when unknown)
     * @param forwarded the forwarding header's values, in order (several headers or one comma-separated list)
     * @return {@code subject:<name>} or {@code address:<ip>}
     */
    public String of(String subject, InetAddress peer, List<String> forwarded) {
        return subject != null ? "subject:" + subject : "address:" + address(peer, forwarded);
    }

    /** The client's address: the peer, or, behind trusted proxies, the first untrusted hop from the right. */
    public String address(InetAddress peer, List<String> forwarded) {
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        if (trusted(peer) && forwarded != null) {
            List<String> hops = new ArrayList<>();
            forwarded.forEach(v -> hops.addAll(List.of(v.split(","))));
            for (int i = hops.size() - 1; i >= 0; i--) {
                InetAddress hop = literal(hops.get(i).strip());
                if (hop == null) {
                    break; // not an address: nothing further left can be trusted
                }
                client = hop;
                if (!trusted(hop)) {
                    break;
                }
            }
        }
        return client.getHostAddress();
    }

    private boolean trusted(InetAddress a) {
        return trusted.stream().anyMatch(b -> b.contains(a));
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        InetAddress network = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
        }
        int max = network.getAddress().length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0 to " + max);
        }
        return new Block(network.getAddress(), bits);
    }

    /** An IP literal ({@code [v6]} and {@code v4:port} forms too), or {@code null}; never resolved by DNS. */
    static InetAddress literal(String text) {
        String t = text;
        if (t.startsWith("[") && t.indexOf(']') > 0) {
            t = t.substring(1, t.indexOf(']'));
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':') && t.contains(".")) {
            t = t.substring(0, t.indexOf(':')); // 192.0.2.1:8080
        }
        var v4 = IPV4.matcher(t);
        if (v4.matches()) {
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(v4.group(g)) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: parsed, not looked up
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }
}
