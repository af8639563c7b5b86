package io.postflight.discovery;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.postflight.contracts.TargetsChanged;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sentences of incomplete snapshots. They come from exceptions and other clusters' answers, so
 * they are made fit for the contract here: printable ASCII only (an exception may quote anything), no
 * longer than {@link TargetsChanged#MAX_PROBLEM}. An API error is named by its HTTP status, not its
 * body, which may quote a request.
 */
final class Problems {
    /** One cluster's or one failure's share of a problem. */
    static final int MAX_PART = 200;

    private Problems() {
    }

    /** What went wrong, without the stack: the exception's type and message, or the API's status. */
    static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return "the API server answered HTTP " + k.getCode();
        }
        // The type only: a message may quote what failed to parse (a kubeconfig and its token).
        return "the watch failed (" + e.getClass().getSimpleName() + "; details at DEBUG in the service's log)";
    }

    /** Several clusters' problems in one sentence, cut to the contract's limit. */
    static String join(List<String> problems) {
        return problems.isEmpty() ? null
                : cut(problems.stream().map(p -> cut(p, MAX_PART)).collect(Collectors.joining("; ")),
                        TargetsChanged.MAX_PROBLEM);
    }

    /** {@code text} in printable ASCII (others become '?'), stripped, at most {@code max} characters. */
    static String cut(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : c == '\n' || c == '\t' ? ' ' : '?');
        }
        if (text.length() > max) {
            out.setLength(max - 3);
            out.append("...");
        }
        String s = out.toString().strip();
        return s.isEmpty() ? "unknown" : s;
    }
}
