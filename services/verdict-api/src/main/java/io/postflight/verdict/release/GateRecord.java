package io.postflight.verdict.release;

import java.time.Instant;
import java.util.List;

/**
 * An approval of an artifact for an environment, or an emergency exception that lets it through a
 * deployment window or a change freeze: who, with which roles, when, why, until when. Written once
 * (ids are unique) to {@code postflight.verdict-api.gate-records}, which is their audit trail.
 *
 * @param kind {@link #APPROVAL} or {@link #EXCEPTION}
 * @param id unique id
 * @param service the service
 * @param environment the environment it may be deployed to
 * @param digest the artifact (a sha256 digest): an approval is for one artifact, never a tag
 * @param who the token's subject
 * @param roles the token's roles that allowed it
 * @param reason why, in the person's words
 * @param recordedAt when it was recorded
 * @param expiresAt until when it holds
 */
public record GateRecord(String kind, String id, String service, String environment, String digest, String who,
                         List<String> roles, String reason, Instant recordedAt, Instant expiresAt) {
    public static final String APPROVAL = "approval";
    public static final String EXCEPTION = "exception";

    public GateRecord {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public String key() {
        return kind + ":" + id;
    }

    boolean holds(String kind, String digest, Instant now) {
        return this.kind.equals(kind) && this.digest.equals(digest) && !now.isBefore(recordedAt)
                && now.isBefore(expiresAt);
    }
}
