package io.postflight.provider.kubernetes.ksm;

import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Builds PromQL selectors from values that came from configuration or a deploy event. Names are
 * checked to be DNS-1123 before they are used, and every label value is written as an escaped
 * double-quoted string besides: a value can only ever be a value, never end its string and add a
 * matcher or an operator.
 */
final class PromQl {

    /** A DNS-1123 subdomain: what namespaces, workloads, ReplicaSets and pods are named. */
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private PromQl() {
    }

    /** Whether {@code name} is a Kubernetes object name; anything else is never put into a query. */
    static boolean isObjectName(String name) {
        return name != null && DNS_1123.matcher(name).matches();
    }

    /** {@code value} as a PromQL double-quoted string: backslash, quote and line breaks escaped. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * {@code metric{name="value",...}} with equality matchers in the map's order; a key ending in
     * {@code ~} is a regular-expression matcher ({@code =~}), for fixed patterns only.
     */
    static String selector(String metric, Map<String, String> labels) {
        StringJoiner matchers = new StringJoiner(",", metric + "{", "}");
        labels.forEach((key, value) -> {
            boolean regex = key.endsWith("~");
            String name = regex ? key.substring(0, key.length() - 1) : key;
            if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("not a label name: " + name);
            }
            matchers.add(name + (regex ? "=~" : "=") + quoted(value));
        });
        return matchers.toString();
    }
}
