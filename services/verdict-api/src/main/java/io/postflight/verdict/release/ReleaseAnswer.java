package io.postflight.verdict.release;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * The release gate's answer for one artifact and environment: ALLOW when every check holds, else
 * BLOCK with every reason (not only the first, so one run of the pipeline shows all that is missing).
 *
 * @param decision {@code ALLOW} or {@code BLOCK}
 * @param service the service
 * @param environment the environment it is to be deployed to
 * @param version the version asked for, if named
 * @param digest the artifact digest asked for, if named
 * @param checks every check, passed or not
 * @param reasons the details of the checks that failed, in the order of {@code checks}
 * @param answeredAt when the gate answered
 */
public record ReleaseAnswer(String decision, String service, String environment, @Nullable String version,
                            @Nullable String digest, List<ReleaseCheck> checks, List<String> reasons,
                            Instant answeredAt) {
    public static final String ALLOW = "ALLOW";
    public static final String BLOCK = "BLOCK";

    static ReleaseAnswer of(String service, String environment, @Nullable String version, @Nullable String digest,
                            List<ReleaseCheck> checks, Instant now) {
        List<String> reasons = checks.stream().filter(c -> !c.passed()).map(ReleaseCheck::detail).toList();
        return new ReleaseAnswer(reasons.isEmpty() ? ALLOW : BLOCK, service, environment, version, digest,
                List.copyOf(checks), reasons, now);
    }

    public boolean allowed() {
        return ALLOW.equals(decision);
    }
}
