package io.postflight.metrics;

/** Which side of a comparison a metric query is for. */
public enum VersionRole {
    /** The newly deployed version. */
    CANDIDATE,
    /** The previous version, in the window just before the deployment. */
    BASELINE,
    /** The previous version still serving at the same time as the candidate. */
    CONTROL
}
