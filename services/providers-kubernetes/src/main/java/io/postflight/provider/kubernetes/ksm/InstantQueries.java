package io.postflight.provider.kubernetes.ksm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs an instant PromQL query: the reader's one seam to Prometheus ({@link PrometheusInstantQueries}
 * is the real one), so the query building and joining are tested against scripted answers.
 */
@FunctionalInterface
public interface InstantQueries {

    /**
     * The series {@code promql} gives now.
     *
     * @throws QueryFailedException when Prometheus did not answer, or refused the query; the reader
     *     then publishes an incomplete snapshot with the message
     */
    List<Series> query(String promql) throws QueryFailedException;

    /** One series of an instant vector: its labels and its value. */
    record Series(Map<String, String> labels, double value) {

        public Series {
            labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        }

        /** The label's value, or null when the series does not carry it (or carries it empty). */
        String label(String name) {
            String v = labels.get(name);
            return v == null || v.isEmpty() ? null : v;
        }
    }

    /** A query that did not give an answer, with one sentence saying why. */
    final class QueryFailedException extends Exception {
        public QueryFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
