package io.postflight.httpkit;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The rate-limit key of an HTTP request ({@link ClientKeys}): its authenticated subject, else the
 * connection's peer address, read through a forwarding header only from the configured trusted
 * proxies. Every HTTP surface keys its limits this way, never with Micronaut's own client-address
 * resolver, which believes {@code Forwarded}/{@code X-Forwarded-For} from anyone and so lets a
 * caller pick a fresh key per request.
 */
public final class RequestKeys {
    private final ClientKeys keys;
    private final String forwardedHeader;

    private RequestKeys(ClientKeys keys, String forwardedHeader) {
        this.keys = keys;
        this.forwardedHeader = forwardedHeader;
    }

    /**
     * Made at start-up, so that a malformed trusted-proxy entry stops the service rather than its
     * first request.
     *
     * @param prefix the configuration prefix the settings came from, named in the error
     * @throws ConfigurationException naming {@code <prefix>.trusted-proxies} and the bad entry
     */
    public static RequestKeys configured(String prefix, List<String> trustedProxies, String forwardedHeader) {
        try {
            return new RequestKeys(new ClientKeys(trustedProxies), forwardedHeader);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(prefix + ".trusted-proxies: " + e.getMessage());
        }
    }

    /** @return {@code subject:<name>} when {@code subject} is not {@code null}, else {@code address:<ip>} */
    public String of(String subject, HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return keys.of(subject, remote == null ? null : remote.getAddress(),
                request.getHeaders().getAll(forwardedHeader));
    }
}
