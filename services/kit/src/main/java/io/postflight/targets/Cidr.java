package io.postflight.targets;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fe80::/10}.
 *
 * @param text as written
 * @param network the range's first address
 * @param prefix bits fixed by the range
 */
record Cidr(String text, byte[] network, int prefix) {

    /** @throws IllegalArgumentException when {@code text} is not an IP literal with an optional prefix */
    static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = Addresses.literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (address/prefix)");
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "' prefix must be in 0-" + bytes.length * 8);
        }
        return new Cidr(t, bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
