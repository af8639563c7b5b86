package io.postflight.contracts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for the names that identify a deployment and form keys: the slot
 * ({@code service/environment}), the deployment id (the verdicts' key and the intake's
 * deduplication key), the version and the instance names. Each is NFC-normalised (so that two
 * spellings of "é" are one service) and then must be
 * <ul>
 *   <li>non-blank, without leading or trailing white space, and at most a bounded number of
 *       characters ({@link #MAX_NAME}, {@link #MAX_VERSION}, {@link #MAX_ID});</li>
 *   <li>printable: no control character (NUL, newline, ...), no format character (bidi overrides
 *       such as U+202E, zero-width characters), no line or paragraph separator, no unassigned code
 *       point or non-character, and no lone surrogate (which UTF-8 cannot encode and which Kafka's
 *       string serialiser turns into {@code ?}, so that distinct names would share a key);</li>
 *   <li>for the slot parts (service, environment): no white space, no path separator
 *       ({@code /}, {@code \}), and not {@code .} or {@code ..}.</li>
 * </ul>
 * The intake applies these rules when it decodes a deploy event, and every service applies them
 * again when it reads a {@link VerificationStarted} (see {@link VerificationStarted#checked()}).
 */
public final class Identifiers {
    /** Longest service, environment or instance name (a DNS name's length). */
    public static final int MAX_NAME = 253;
    /** Longest version. */
    public static final int MAX_VERSION = 256;
    /** Longest deployment id. */
    public static final int MAX_ID = 512;

    private Identifiers() {
    }

    /** A slot part (service or environment): NFC form of {@code value}, or why it is refused. */
    public static String slotPart(String field, String value) {
        String nfc = text(field, value, MAX_NAME);
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            if (cp == '/' || cp == '\\') {
                throw new IllegalArgumentException(field + " '" + shown(nfc) + "' contains a path separator ('"
                        + (char) cp + "'); it forms the slot key service/environment");
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                throw new IllegalArgumentException(field + " '" + shown(nfc) + "' contains white space ("
                        + codePoint(cp) + ")");
            }
            i += Character.charCount(cp);
        }
        if (nfc.equals(".") || nfc.equals("..")) {
            throw new IllegalArgumentException(field + " must not be '" + nfc + "'");
        }
        return nfc;
    }

    /** Any identifier: NFC form of {@code value}, at most {@code max} characters, printable; or why not. */
    public static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // Checked before normalising: the normaliser would replace a lone surrogate silently.
            if (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                throw new IllegalArgumentException(field + " contains a lone surrogate (" + codePoint(c)
                        + " at index " + i + "), which no UTF-8 text can carry");
            }
        }
        String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
        int length = nfc.codePointCount(0, nfc.length());
        if (length > max) {
            throw new IllegalArgumentException(field + " is " + length + " characters long, above " + max);
        }
        if (!nfc.strip().equals(nfc)) {
            throw new IllegalArgumentException(field + " '" + shown(nfc) + "' has leading or trailing white space");
        }
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            if (!printable(cp)) {
                throw new IllegalArgumentException(field + " contains the unprintable character " + codePoint(cp)
                        + " at index " + i);
            }
            i += Character.charCount(cp);
        }
        return nfc;
    }

    /** {@code ref} with each identifier in NFC form; or why one of them is refused. */
    public static DeploymentRef deployment(DeploymentRef ref) {
        return new DeploymentRef(text("deploymentId", ref.deploymentId(), MAX_ID),
                slotPart("service", ref.service()), slotPart("environment", ref.environment()),
                text("version", ref.version(), MAX_VERSION),
                ref.artifactDigest() == null ? null : text("artifactDigest", ref.artifactDigest(), MAX_VERSION),
                ref.previousVersion() == null ? null : text("previousVersion", ref.previousVersion(), MAX_VERSION));
    }

    /**
     * {@code targets} with instance names in NFC form and each URL checked by {@link TargetUrl};
     * or, naming the target by its index, why one is refused.
     */
    public static List<Target> targets(List<Target> targets) {
        List<Target> checked = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            String where = "targets[" + i + "]";
            String instance = text(where + ".instance", t.instance(), MAX_NAME);
            try {
                TargetUrl.parse(t.url());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".url: " + e.getMessage(), e);
            }
            checked.add(new Target(instance, t.url()));
        }
        return checked;
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    /** The value as a message may show it: at most 64 characters. */
    private static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
