package io.postflight.verdict.release;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.regex.Pattern;

/** What every endpoint that records for the gate checks of a request: the caller's roles, a reason. */
final class GateRequests {
    static final int MAX_REASON = 500;
    /** A service name as the records carry it: no '/' (keys are {@code service/environment}), no blanks. */
    static final Pattern SERVICE = Pattern.compile("[^\\s/]{1,200}");
    /** Control and format characters (bidi overrides, zero-width): text an auditor would not see as written. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}]");

    private GateRequests() {
    }

    /** The caller's roles among {@code needed}; empty when it has none of them (or no token). */
    static List<String> rolesAmong(HttpRequest<?> http, List<String> needed) {
        Authentication who = http.getUserPrincipal(Authentication.class).orElse(null);
        return who == null ? List.of() : who.getRoles().stream().filter(needed::contains).toList();
    }

    /** Why {@code reason} cannot go into the audit trail, or {@code null} when it can. */
    static String invalidReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON || INVISIBLE.matcher(reason).find()) {
            return "reason is required, at most " + MAX_REASON + " characters, without control or format characters"
                    + " (the audit trail shows it as written)";
        }
        return null;
    }
}
