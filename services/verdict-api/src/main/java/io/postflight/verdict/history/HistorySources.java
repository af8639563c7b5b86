package io.postflight.verdict.history;

import io.postflight.contracts.AuditRecord;
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
 * the one place a new source is added (with a field in {@link HistoryInput} and a case in
 * {@link HistoryAssembly}). Overrides join through their audit records rather than the override
 * topic: an audit record holds the override as asked and what became of it, once per override id.
 */
public final class HistorySources {

    /**
     * One source topic.
     *
     * @param topic what is read
     * @param type the record it carries
     * @param schema the schema its records must declare
     * @param input how a decoded record enters the history; {@code null} when it has none to enter
     */
    public record Source<T extends Versioned>(TopicSpec topic, Class<T> type, String schema,
                                              Function<T, HistoryInput> input) {
    }

    /** Every source, in no particular order (each record carries its own time). */
    public static final List<Source<?>> ALL = List.of(
            new Source<>(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, HistoryInput::of),
            new Source<>(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, HistoryInput::of),
            new Source<>(Topics.DECISIONS, Decision.class, Decision.SCHEMA, HistoryInput::of),
            new Source<>(Topics.VERDICTS, Verdict.class, Verdict.SCHEMA, HistoryInput::of),
            new Source<>(Topics.AUDIT, AuditRecord.class, AuditRecord.SCHEMA, HistorySources::override));

    private HistorySources() {
    }

    /**
     * An override's audit record, or {@code null} when it names no deployment (an override of a
     * deployment id Postflight never knew was refused, and stays on the audit topic alone) or is a
     * repeat (a later request under an id already audited: the history lists each override once).
     */
    static HistoryInput override(AuditRecord audit) {
        return audit.deployment() == null || audit.repeated() ? null : HistoryInput.of(audit);
    }

    /** The source topics, for the topology's source node. */
    public static List<TopicSpec> topics() {
        return ALL.stream().map(Source::topic).toList();
    }
}
