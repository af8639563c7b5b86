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

    /** Whether every field is there and the kind is known: anything else grants nothing. */
    boolean complete() {
        return (APPROVAL.equals(kind) || EXCEPTION.equals(kind)) && id != null && service != null
                && environment != null && digest != null && who != null && reason != null && recordedAt != null
                && expiresAt != null;
    }

    public String key() {
        return kind + ":" + id;
    }

    /** Whether this is a {@code kind} for exactly this service, environment and digest, in force at {@code now}. */
    boolean holds(String kind, String service, String environment, String digest, Instant now) {
        return this.kind.equals(kind) && this.service.equals(service) && this.environment.equals(environment)
                && this.digest.equals(digest) && !now.isBefore(recordedAt) && now.isBefore(expiresAt);
    }
}
