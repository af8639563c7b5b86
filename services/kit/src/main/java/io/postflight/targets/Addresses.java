package io.postflight.targets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literals, parsed without ever asking DNS. */
final class Addresses {
    /** Dotted or shortened IPv4 forms and shortened ones such as {@code 127.1}, which resolvers also accept. */
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");

    private Addresses() {
    }

    /** Whether {@code host} is written as an address rather than a name. */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || NUMERIC.matcher(host).matches();
    }

    /** The address {@code host} is a literal of, or {@code null} when it is none (no DNS lookup). */
    static byte[] literal(String host) {
        if (!isLiteral(host)) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            // For a literal, InetAddress parses; it only queries DNS for names, excluded above.
            return InetAddress.getByName(h).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
