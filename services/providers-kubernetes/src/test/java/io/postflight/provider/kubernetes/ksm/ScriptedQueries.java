package io.postflight.provider.kubernetes.ksm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Answers instant queries by their first series' name, as a test scripts them; records every query. */
final class ScriptedQueries implements InstantQueries {
    final List<String> asked = new ArrayList<>();
    private final Map<String, List<Series>> answers = new HashMap<>();
    private boolean down;

    /** {@code labels} as alternating keys and values. */
    ScriptedQueries answer(String metric, double value, String... labels) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        answers.computeIfAbsent(metric, k -> new ArrayList<>()).add(new Series(m, value));
        return this;
    }

    ScriptedQueries down() {
        down = true;
        return this;
    }

    @Override
    public List<Series> query(String promql) throws QueryFailedException {
        asked.add(promql);
        if (down) {
            throw new QueryFailedException("Prometheus did not answer (timed out)", null);
        }
        String first = promql.replaceFirst("^\\(+", "");
        String metric = first.substring(0, first.indexOf('{'));
        return answers.getOrDefault(metric, List.of());
    }
}
