package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the newest revision is the announced one (ADR 0029 §4): a CD tool may announce before the
 * controller acts, or another rollout may have come after, and verifying that revision instead would
 * judge the wrong artifact.
 */
final class IdentityCheck {

    static final String VERSION_LABEL = "app.kubernetes.io/version";
    private static final int MAX_QUOTED = 120;

    private IdentityCheck() {
    }

    /** Empty when the revision is the announced one, else the problem sentence. */
    static Optional<String> mismatch(ExpectedIdentity expected, PodTemplateSpec template, List<Pod> pods) {
        List<Container> containers = template == null || template.getSpec() == null
                || template.getSpec().getContainers() == null ? List.of() : template.getSpec().getContainers();
        boolean matches = switch (expected.match()) {
            case DIGEST -> containers.stream().anyMatch(c -> image(c).endsWith("@" + expected.digest()))
                    || runningImageIds(pods).anyMatch(id -> id.endsWith(expected.digest()));
            case VERSION_LABEL -> expected.version().equals(versionLabel(template));
            case IMAGE_TAG -> containers.stream().anyMatch(c -> expected.version().equals(tag(image(c))));
        };
        if (matches) {
            return Optional.empty();
        }
        return Optional.of("workload runs " + runs(expected.match(), containers, template)
                + " not the announced " + expected.announced());
    }

    /** What the revision runs, in the terms of the comparison that failed. */
    private static String runs(MatchMode match, List<Container> containers, PodTemplateSpec template) {
        if (match == MatchMode.VERSION_LABEL) {
            String label = versionLabel(template);
            return label == null ? "no " + VERSION_LABEL + " label" : "version " + quoted(label);
        }
        List<String> images = containers.stream().map(IdentityCheck::image).filter(i -> !i.isEmpty()).toList();
        if (images.isEmpty()) {
            return "no container image";
        }
        return images.stream()
                .map(i -> match == MatchMode.DIGEST && i.contains("@") ? i.substring(i.indexOf('@') + 1) : i)
                .map(IdentityCheck::quoted).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    /**
     * The imageIDs the kubelet reports: the digest actually pulled, whatever the tag said. Whatever
     * the container's state: a version that crash-loops ran that image too, and must stay its pods.
     */
    private static Stream<String> runningImageIds(List<Pod> pods) {
        return pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .map(ContainerStatus::getImageID).filter(id -> id != null && !id.isEmpty());
    }

    private static String versionLabel(PodTemplateSpec template) {
        if (template == null || template.getMetadata() == null) {
            return null;
        }
        Map<String, String> labels = template.getMetadata().getLabels();
        return labels == null ? null : labels.get(VERSION_LABEL);
    }

    /** The tag of {@code registry:5000/team/app:1.4.2@sha256:…}: after the last colon past the last slash. */
    static String tag(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : null;
    }

    private static String image(Container container) {
        return container.getImage() == null ? "" : container.getImage();
    }

    /** Image names and labels are not secrets, but a problem sentence stays one short line. */
    private static String quoted(String text) {
        String printable = text.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= MAX_QUOTED ? printable : printable.substring(0, MAX_QUOTED) + "…";
    }
}
