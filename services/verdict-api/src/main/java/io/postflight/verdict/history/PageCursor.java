package io.postflight.verdict.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;

/**
 * Where a page of deployments ended: the last item's {@link DeploymentHistory#since()} and id. Lists
 * are ordered newest first, then by id; the next page holds what comes strictly after the cursor in
 * that order, so a deployment that starts between two requests never shifts a page, and no item is
 * served twice or skipped. Opaque to callers (base64url).
 *
 * @param since the last item's time
 * @param deploymentId the last item's id
 */
public record PageCursor(Instant since, String deploymentId) {
    /** Newest first, then by id: the order every list is served in. */
    public static final Comparator<DeploymentHistory> ORDER = Comparator.comparing(DeploymentHistory::since)
            .reversed().thenComparing(DeploymentHistory::deploymentId);

    /** The cursor after {@code last}. */
    public static PageCursor after(DeploymentHistory last) {
        return new PageCursor(last.since(), last.deploymentId());
    }

    /** Whether {@code h} comes after this cursor in {@link #ORDER}. */
    public boolean precedes(DeploymentHistory h) {
        int bySince = since.compareTo(h.since());
        return bySince > 0 || bySince == 0 && deploymentId.compareTo(h.deploymentId()) < 0;
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((since + "|" + deploymentId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code text} is not a cursor this API made */
    public static PageCursor decode(String text) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new PageCursor(Instant.parse(s.substring(0, bar)), s.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("cursor is not one this API returned", e);
        }
    }
}
