package io.postflight.verdict.history;

import io.postflight.contracts.Decision;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerificationStarted;
import io.postflight.contracts.Versioned;
import java.util.List;
import java.util.function.Function;

/**
 * The topics a deployment's history is made of, and how each record becomes a {@link HistoryInput}:
 * the one place a new source is added (the override and audit topics join here, with a field in
 * {@link HistoryInput} and a case in {@link HistoryAssembly}).
 */
public final class HistorySources {

    /**
     * One source topic.
     *
     * @param topic what is read
     * @param type the record it carries
     * @param schema the schema its records must declare
     * @param input how a decoded record enters the history
     */
    public record Source<T extends Versioned>(TopicSpec topic, Class<T> type, String schema,
                                              Function<T, HistoryInput> input) {
    }

    /** Every source, in no particular order (each record carries its own time). */
    public static final List<Source<?>> ALL = List.of(
            new Source<>(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, HistoryInput::of),
            new Source<>(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, HistoryInput::of),
            new Source<>(Topics.DECISIONS, Decision.class, Decision.SCHEMA, HistoryInput::of),
            new Source<>(Topics.VERDICTS, Verdict.class, Verdict.SCHEMA, HistoryInput::of));

    private HistorySources() {
    }

    /** The source topics, for the topology's source node. */
    public static List<TopicSpec> topics() {
        return ALL.stream().map(Source::topic).toList();
    }
}
