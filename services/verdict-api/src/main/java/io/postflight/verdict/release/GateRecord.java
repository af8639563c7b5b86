package io.postflight.verdict.release;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An approval of an artifact for an environment, an emergency exception that lets it through a
 * deployment window or a change freeze, or a vulnerability summary of an artifact (for every
 * environment, {@code "*"}): who, with which roles, when, why, until when. Written once
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
 * @param findings a vulnerability summary's counts by severity ({@code critical}, {@code high},
 *     {@code medium}, {@code low}); {@code null} for the other kinds
 * @param attestedBy the configured key that signed the summary, or {@code null} when a scanner
 *     role posted it unsigned
 * @param scannedAt when the summary's scan ran (an attestation's own {@code scannedAt}; for a
 *     scanner role's post, when it was posted): the newest scan of an artifact decides, so an old
 *     clean result posted again does not hide a newer one; {@code null} for the other kinds
 * @param revokes for a revocation, the key ({@code kind:id}) of the approval or exception it
 *     revokes; {@code null} for the other kinds
 */
public record GateRecord(String kind, String id, String service, String environment, String digest, String who,
                         List<String> roles, String reason, Instant recordedAt, Instant expiresAt,
                         @Nullable Map<String, Integer> findings, @Nullable String attestedBy,
                         @Nullable Instant scannedAt, @Nullable String revokes) {
    public static final String APPROVAL = "approval";
    public static final String EXCEPTION = "exception";
    public static final String VULNERABILITIES = "vulnerabilities";
    public static final String REVOCATION = "revocation";
    /** The environment of a record that holds in every environment (a vulnerability summary). */
    public static final String EVERY_ENVIRONMENT = "*";

    public GateRecord {
        roles = roles == null ? List.of() : List.copyOf(roles);
        findings = findings == null ? null : Map.copyOf(findings);
    }

    /** An approval or an exception. */
    public GateRecord(String kind, String id, String service, String environment, String digest, String who,
                      List<String> roles, String reason, Instant recordedAt, Instant expiresAt) {
        this(kind, id, service, environment, digest, who, roles, reason, recordedAt, expiresAt, null, null, null, null);
    }

    /** A vulnerability summary. */
    public GateRecord(String kind, String id, String service, String environment, String digest, String who,
                      List<String> roles, String reason, Instant recordedAt, Instant expiresAt,
                      @Nullable Map<String, Integer> findings, @Nullable String attestedBy,
                      @Nullable Instant scannedAt) {
        this(kind, id, service, environment, digest, who, roles, reason, recordedAt, expiresAt, findings, attestedBy,
                scannedAt, null);
    }

    /** Whether every field is there and the kind is known: anything else grants nothing. */
    boolean complete() {
        // Only a vulnerability summary holds everywhere; an approval or exception is for one environment.
        boolean known = (APPROVAL.equals(kind) || EXCEPTION.equals(kind)) && !EVERY_ENVIRONMENT.equals(environment)
                || REVOCATION.equals(kind) && revokes != null && !EVERY_ENVIRONMENT.equals(environment)
                || VULNERABILITIES.equals(kind) && findings != null && scannedAt != null
                        && EVERY_ENVIRONMENT.equals(environment);
        return known && id != null && service != null
                && environment != null && digest != null && who != null && reason != null && recordedAt != null
                && expiresAt != null;
    }

    /** What orders two records of a kind: the scan's time for a summary, else when it was recorded. */
    Instant since() {
        return scannedAt != null ? scannedAt : recordedAt;
    }

    public String key() {
        return kind + ":" + id;
    }

    /** Whether this is a {@code kind} for exactly this service, environment and digest, in force at {@code now}. */
    boolean holds(String kind, String service, String environment, String digest, Instant now) {
        return this.kind.equals(kind) && this.service.equals(service)
                && (this.environment.equals(environment) || this.environment.equals(EVERY_ENVIRONMENT))
                && this.digest.equals(digest) && !now.isBefore(recordedAt) && now.isBefore(expiresAt);
    }
}
