package io.postflight.contracts.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The version and content digest a CDEvents {@code artifactId} names. The spec asks for a
 * <a href="https://github.com/package-url/purl-spec">package URL</a>, e.g.
 * {@code pkg:oci/myapp@sha256%3A0b31...?repository_url=mycr.io/myapp&tag=v1.2.3}; some tools send a
 * plain image reference ({@code mycr.io/myapp:v1.2.3@sha256:0b31...}) or an empty string instead,
 * and those are read too rather than losing the deployment.
 *
 * An artifact pinned by digest only ({@code pkg:oci/myapp@sha256%3A0b31...}, no tag) has a digest
 * and no version; the caller then takes the digest as the version.
 *
 * @param name the purl name (the last path segment before the version, e.g. {@code myapp}), or the
 *     image reference's repository name without registry and path; {@code null} if none
 * @param version the {@code tag} qualifier, else the {@code version} qualifier, else the purl
 *     version when it is not a digest (for an image reference: its tag); {@code null} if none
 * @param digest the purl version (or image reference digest) when it is a content digest; {@code null} if none
 */
public record ArtifactCoordinates(String name, String version, String digest) {

    /** A content digest as CD tools write one: algorithm, colon, hex. */
    private static final Pattern DIGEST = Pattern.compile("^(sha256|sha384|sha512):[A-Fa-f0-9]+$");

    public static final ArtifactCoordinates NONE = new ArtifactCoordinates(null, null, null);

    /** Reads {@code artifactId}; never fails: what cannot be read yields {@code null} parts. */
    public static ArtifactCoordinates parse(String artifactId) {
        if (artifactId == null || artifactId.isBlank()) {
            return NONE;
        }
        String id = artifactId.strip();
        return id.regionMatches(true, 0, "pkg:", 0, 4) ? fromPurl(id.substring(4)) : fromImageReference(id);
    }

    public static boolean isDigest(String s) {
        return s != null && DIGEST.matcher(s).matches();
    }

    private static ArtifactCoordinates fromPurl(String rest) {
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        Map<String, String> qualifiers = new TreeMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    qualifiers.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), percentDecode(pair.substring(eq + 1)));
                }
            }
            rest = rest.substring(0, question);
        }
        int at = rest.lastIndexOf('@');
        String purlVersion = at >= 0 ? emptyToNull(percentDecode(rest.substring(at + 1))) : null;
        String path = at >= 0 ? rest.substring(0, at) : rest;
        String name = emptyToNull(percentDecode(path.substring(path.lastIndexOf('/') + 1)));
        String digest = isDigest(purlVersion) ? purlVersion : null;
        String version = emptyToNull(qualifiers.get("tag"));
        if (version == null) {
            version = emptyToNull(qualifiers.get("version"));
        }
        if (version == null && digest == null) {
            version = purlVersion;
        }
        // pkg:type/name has a name; a bare pkg:type (no slash) has none.
        return new ArtifactCoordinates(path.indexOf('/') < 0 ? null : name, version, digest);
    }

    private static ArtifactCoordinates fromImageReference(String ref) {
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            String candidate = ref.substring(at + 1);
            digest = isDigest(candidate) ? candidate : null;
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        // A colon before the last slash belongs to a registry port (registry:5000/app), not a tag.
        String tag = colon > ref.lastIndexOf('/') ? emptyToNull(ref.substring(colon + 1)) : null;
        String repository = tag != null ? ref.substring(0, colon) : ref;
        String name = emptyToNull(repository.substring(repository.lastIndexOf('/') + 1));
        return new ArtifactCoordinates(name, tag, digest);
    }

    /** RFC 3986 percent-decoding of UTF-8; unlike URLDecoder, '+' stays '+' as purl requires. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && lo >= 0) {
                escaped.write(hi * 16 + lo); // consecutive escapes form one UTF-8 sequence
                i += 2;
            } else {
                flush(escaped, out);
                out.append(c);
            }
        }
        flush(escaped, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream escaped, StringBuilder out) {
        if (escaped.size() > 0) {
            out.append(escaped.toString(StandardCharsets.UTF_8));
            escaped.reset();
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
