package io.postflight.judge;

import io.postflight.contracts.Evidence;
import java.util.List;
import java.util.Objects;

/**
 * What a judge says after one look: its status, one sentence why, and the evidence (numbers,
 * baselines, thresholds, statistics) behind it. Judges are pure: the same data and "now" always
 * give the same verdict.
 */
public record JudgeVerdict(JudgeStatus status, String summary, List<Evidence> evidence) {
    public JudgeVerdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
