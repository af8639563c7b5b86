package io.postflight.verdict.stream;

import io.postflight.contracts.Versioned;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.PhaseProcessor;
import io.postflight.kafka.RecordMetrics;
import io.postflight.verdict.history.HistoryInput;
import io.postflight.verdict.history.HistorySources;
import io.postflight.verdict.history.HistorySources.Source;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads every history source (verifications, phase results, decisions, verdicts, override audit
 * records): each record is
 * decoded as its topic's contract or dead-lettered with the reason, and passed on as a
 * {@link HistoryInput} keyed by slot, marked {@link VerdictApiTopology#HISTORY_INPUT} for the
 * regrouping. The verdicts topic is keyed by deployment id, the others by slot: after this step
 * every record of one slot meets in one task.
 */
final class HistoryDecodeProcessor extends PhaseProcessor {
    static final String CONSUMER = "verdict-api";

    HistoryDecodeProcessor(RecordMetrics metrics) {
        super(CONSUMER, metrics);
    }

    @Override
    protected void declareInputs(ContractInputs inputs) {
        HistorySources.ALL.forEach(source -> route(inputs, source));
    }

    private <T extends Versioned> void route(ContractInputs inputs, Source<T> source) {
        inputs.on(source.topic(), source.type(), source.schema(), record -> pass(source.input().apply(record)));
    }

    private void pass(HistoryInput input) {
        if (input == null) {
            return; // a record with no history to enter (HistorySources)
        }
        context().forward(new Record<>(input.deployment().slot(),
                new Outgoing(VerdictApiTopology.HISTORY_INPUT, JsonSerde.toBytes(input)), context().currentSystemTimeMs()));
    }

    @Override
    protected void start(ProcessorContext<String, Outgoing> context) {
        // Stateless: nothing to schedule.
    }
}
