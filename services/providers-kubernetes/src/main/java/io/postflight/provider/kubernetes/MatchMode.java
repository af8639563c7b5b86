package io.postflight.provider.kubernetes;

/**
 * How the newest revision is recognised as the announced one (ADR 0029 §4): the artifact digest is
 * exact; the version label and the image tag only as exact as the team's tagging.
 */
public enum MatchMode {
    /** A template image pinned {@code @sha256:<digest>}, or a running container's imageID ending in it. */
    DIGEST,
    /** The pod template's label {@code app.kubernetes.io/version} equals the version. */
    VERSION_LABEL,
    /** A template image's tag equals the version. */
    IMAGE_TAG
}
