package io.postflight.contracts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A target's base URL, checked: {@code http} or {@code https}, a host, a port in 1–65535 when one is
 * given, no user-info, no query or fragment. The one place that says what a usable target URL is:
 * the intake checks it when it decodes an event, and every service that calls a target checks it
 * again where it builds the request, because a URL in a stored verification may predate a rule.
 *
 * <p>{@code http://} and {@code http://h:abc/} both match the schema's {@code ^https?://} and parse
 * as {@link URI}s without a host; such a URL must be refused here, not fail later on a stream thread.
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host host name (lower case) or IP literal (IPv6 without brackets)
 * @param port the port, or the scheme's default when the URL names none
 * @param basePath the path under which the instance serves, without a trailing slash ({@code ""} for none)
 */
public record TargetUrl(String scheme, String host, int port, String basePath) {
    /** Longest URL accepted: far beyond any real base URL, far below a record size limit. */
    public static final int MAX_LENGTH = 2048;

    /**
     * Parses and checks {@code url}.
     *
     * @throws IllegalArgumentException with a reason an operator can act on
     */
    public static TargetUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("target URL is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("target URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target URL is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("target URL must be http or https, was '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("target URL must not carry user-info (credentials)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // URI falls back to a registry-based authority when host or port do not parse.
            throw new IllegalArgumentException("target URL has no valid host and port: '"
                    + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority()) + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("target URL must not carry a query or fragment");
        }
        int port = uri.getPort();
        if (port == 0 || port > 65_535) {
            throw new IllegalArgumentException("target URL port must be in 1-65535, was " + port);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return new TargetUrl(scheme, host, port > 0 ? port : (scheme.equals("https") ? 443 : 80), path);
    }

    /** Whether {@code url} passes {@link #parse}; for validators that only need yes or no. */
    public static boolean isValid(String url) {
        try {
            parse(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code scheme://host:port}, IPv6 literals in brackets. */
    public String origin() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URI of {@code path} (for example {@code /health/live}) on this instance, under its base path. */
    public URI resolve(String path) {
        String p = path == null || path.isEmpty() ? "" : (path.startsWith("/") ? path : "/" + path);
        return URI.create(origin() + basePath + p);
    }
}
