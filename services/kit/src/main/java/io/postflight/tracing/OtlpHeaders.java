package io.postflight.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers an OTLP export sends (a collector's {@code Authorization}, a tenant id), read from a
 * mounted file of {@code Name: value} lines so that the credential stays out of configuration and
 * logs; and the endpoint as it may be logged, without user info, query or fragment (where a
 * credential could hide). Pure.
 */
public final class OtlpHeaders {
    private OtlpHeaders() {
    }

    /**
     * @param lines the file's lines: {@code Name: value}; blank lines and lines starting with {@code #} skipped
     * @throws IllegalArgumentException naming the line number (never its content) of a line that is not a header
     */
    public static Map<String, String> parse(List<String> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).strip() : "";
            String value = colon > 0 ? line.substring(colon + 1).strip() : "";
            if (name.isEmpty() || value.isEmpty() || !name.matches("[A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not 'Name: value'");
            }
            headers.put(name, value);
        }
        return headers;
    }

    /** {@code endpoint} without user info, query or fragment, for a log line. */
    public static String shown(String endpoint) {
        try {
            URI u = new URI(endpoint);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "(an endpoint that is not a URL)";
        }
    }
}
