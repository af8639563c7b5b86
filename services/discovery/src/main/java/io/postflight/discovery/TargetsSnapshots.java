package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.TargetsChanged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the published record from the clusters' snapshots, and the digest that says whether it
 * changed. Pure: the processor calls it on the stream thread with what its watches hold.
 */
final class TargetsSnapshots {

    private TargetsSnapshots() {
    }

    /**
     * One record of every cluster's snapshot, read from {@code source}: workloads in cluster order,
     * pods by instance, at most {@code maxPods} of them; complete only when every cluster's is, else
     * the problems joined.
     */
    static TargetsChanged merge(DeploymentRef deployment, long sequence, Instant observedAt, int maxPods,
                                String source, List<PodSource.Snapshot> clusters) {
        List<TargetsChanged.Workload> workloads = new ArrayList<>();
        List<TargetsChanged.Pod> pods = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PodSource.Snapshot s : clusters) {
            if (s.workload() != null) {
                workloads.add(s.workload());
            }
            pods.addAll(s.pods());
            if (!s.complete()) {
                problems.add(s.problem());
            }
        }
        pods.sort(Comparator.comparing(TargetsChanged.Pod::instance));
        if (pods.size() > maxPods) {
            problems.add("the new version has " + pods.size() + " pods across its clusters, more than maxPods "
                    + maxPods + ": only the first " + maxPods + " by instance are listed");
            pods = pods.subList(0, maxPods);
        }
        return new TargetsChanged(null, deployment, sequence, observedAt, source, workloads, pods,
                problems.isEmpty(), Problems.join(problems));
    }

    /**
     * What the health verifier could act on, as a record with nothing it would not: the same record with
     * no workloads or pods and only the problem, for a snapshot that failed its own check.
     */
    static TargetsChanged refused(TargetsChanged snapshot, IllegalArgumentException why) {
        return new TargetsChanged(null, snapshot.deployment(), snapshot.sequence(), snapshot.observedAt(),
                snapshot.source(), List.of(), List.of(), false,
                Problems.cut("the discovered set was refused: " + why.getMessage(), TargetsChanged.MAX_PROBLEM));
    }

    /**
     * {@code snapshot} without the pods its contract check refuses, incomplete, saying how many were
     * left out and why the first was; with nothing but the problem when the rest is refused too.
     */
    static TargetsChanged withoutRefusedPods(TargetsChanged snapshot) {
        List<TargetsChanged.Pod> kept = new ArrayList<>();
        String firstWhy = null;
        int refused = 0;
        for (TargetsChanged.Pod pod : snapshot.pods()) {
            try {
                new TargetsChanged(null, snapshot.deployment(), 1, snapshot.observedAt(), snapshot.source(), List.of(),
                        List.of(pod), true, null).checked();
                kept.add(pod);
            } catch (IllegalArgumentException e) {
                refused++;
                firstWhy = firstWhy == null ? e.getMessage() : firstWhy;
            }
        }
        String problem = refused == 0 ? null : refused + " pod(s) left out, refused by the contract: " + firstWhy;
        String joined = Problems.join(java.util.stream.Stream.of(snapshot.problem(), problem)
                .filter(java.util.Objects::nonNull).toList());
        TargetsChanged partial = new TargetsChanged(null, snapshot.deployment(), snapshot.sequence(),
                snapshot.observedAt(), snapshot.source(), snapshot.workloads(), kept, false,
                joined == null ? "the discovered set was refused by the contract" : joined);
        try {
            return partial.checked();
        } catch (IllegalArgumentException e) {
            return refused(snapshot, e);
        }
    }

    /** SHA-256 (hex) of the content: what was found, without when it was read or its sequence. */
    static String digest(TargetsChanged s) {
        try {
            byte[] content = Json.MAPPER.writeValueAsBytes(Arrays.asList(s.deployment(), s.source(), s.workloads(),
                    s.pods(), s.complete(), s.problem()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
