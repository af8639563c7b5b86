package io.postflight.verdict.stream;

/**
 * Keys of the history topic and the global store: a deployment's history under
 * {@code deployment:<id>}, and a copy of its slot's newest deployment's under
 * {@code slot:<service>/<environment>}, so that both lookups are one read.
 */
public final class HistoryKeys {
    public static final String DEPLOYMENT = "deployment:";
    public static final String SLOT = "slot:";

    private HistoryKeys() {
    }

    public static String deployment(String deploymentId) {
        return DEPLOYMENT + deploymentId;
    }

    public static String slot(String slot) {
        return SLOT + slot;
    }
}
