package io.postflight.kafka;

import io.postflight.tracing.Tracing;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The shape of every phase service's processor: records arrive on declared contract inputs
 * ({@link ContractInputs}: decoded, or dead-lettered with the reason), state lives in the stores
 * of its {@link PhaseTopology}, and timed work runs in wall-clock punctuators on the stream
 * thread. A subclass declares its inputs and opens its stores; it never decodes by hand.
 */
public abstract class PhaseProcessor implements Processor<String, byte[], String, Outgoing> {
    private final ContractInputs inputs;
    private final Tracing tracing;
    private ProcessorContext<String, Outgoing> context;

    /** @param consumer the service, as dead letters and record metrics name it */
    protected PhaseProcessor(String consumer, RecordMetrics metrics) {
        this(consumer, metrics, Tracing.off());
    }

    /** @param tracing the service's spans (ADR 0026) */
    protected PhaseProcessor(String consumer, RecordMetrics metrics, Tracing tracing) {
        this.inputs = ContractInputs.of(consumer, metrics);
        this.tracing = tracing;
    }

    /** Declares which contract each input topic carries and who handles it; called once, at init. */
    protected abstract void declareInputs(ContractInputs inputs);

    /** Opens the stores and schedules the punctuators; called once, at init, after the inputs. */
    protected abstract void start(ProcessorContext<String, Outgoing> context);

    @Override
    public final void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        declareInputs(inputs);
        start(context);
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        inputs.process(context, record);
    }

    /** The task's context: for forwarding results and reading its clock. */
    /**
     * The reason a verification ends INCONCLUSIVE when handling it threw in the verifier itself:
     * one wording for every phase, so on-call reads the same line whichever verifier failed.
     */
    protected static String verifierFailure(RuntimeException e) {
        return "the verifier failed on this verification: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The service's spans; a record's trace context is already current in its handler. */
    protected final Tracing tracing() {
        return tracing;
    }

    protected final ProcessorContext<String, Outgoing> context() {
        return context;
    }

    /** Runs {@code action} every {@code interval} of wall-clock time, on the stream thread. */
    protected final void every(Duration interval, Punctuator action) {
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, action);
    }
}
