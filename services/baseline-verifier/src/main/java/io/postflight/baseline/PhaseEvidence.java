package io.postflight.baseline;

import io.postflight.contracts.Evidence;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evidence the baseline verifier adds to the judge's: where the data came from, and outages. */
final class PhaseEvidence {
    /** Check name of the evidence of a metrics provider that could not answer. */
    static final String PROVIDER_CHECK = "metrics-provider";

    private PhaseEvidence() {
    }

    /** The judge's evidence, each item labelled with the provider its data came from. */
    static List<Evidence> fromProvider(List<Evidence> evidence, String provider) {
        return evidence.stream().map(e -> {
            Map<String, String> labels = new HashMap<>(e.labels());
            labels.put("provider", provider);
            return new Evidence(e.check(), e.breached(), e.summary(), e.figures(), labels);
        }).toList();
    }

    /**
     * Why there is no verdict: the provider failed. Not breached: an outage says nothing against
     * the deployment, it only leaves the phase without evidence (INCONCLUSIVE, never PASSED).
     */
    static Evidence outage(String provider, BaselineVerification v, int maxFailedLooks) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("failedLooks", (double) v.failedLooks());
        figures.put("maxFailedLooks", (double) maxFailedLooks);
        String summary = String.format("%s could not answer %d look(s) in a row: %s", provider, v.failedLooks(),
                v.lastFailure());
        return new Evidence(PROVIDER_CHECK, false, summary, figures, Map.of("provider", provider));
    }
}
