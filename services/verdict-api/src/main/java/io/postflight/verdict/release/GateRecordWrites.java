package io.postflight.verdict.release;

import io.postflight.contracts.Json;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.verdict.stream.VerdictApiTopology;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link GateRecord} to {@code postflight.verdict-api.gate-records}, or any record of the
 * gate to its topic, and waits for the broker's acknowledgement: what every endpoint that records
 * for the gate does before it answers.
 */
final class GateRecordWrites {
    private static final Logger LOG = LoggerFactory.getLogger(GateRecordWrites.class);

    private GateRecordWrites() {
    }

    /**
     * @return empty when acknowledged; else why not, for a 503 (without the acknowledgement the
     *     record may still have been written: never "nothing")
     */
    static Optional<String> write(AcknowledgedWriter writer, Duration timeout, GateRecord r) {
        byte[] value;
        try {
            value = Json.MAPPER.writeValueAsBytes(r);
        } catch (IOException e) {
            LOG.warn("{} {} not confirmed by the broker: {}", r.kind(), r.id(), e.toString());
            return Optional.of(notConfirmed(r));
        }
        return switch (acknowledged(writer, timeout, VerdictApiTopology.GATE_RECORDS.name(), r.key(), value, Map.of(),
                r.kind() + " " + r.id())) {
            case ACKNOWLEDGED -> Optional.empty();
            case INTERRUPTED -> Optional.of("interrupted before the broker acknowledged " + r.kind() + " " + r.id()
                    + ": it may still be recorded");
            case NOT_CONFIRMED -> Optional.of(notConfirmed(r));
        };
    }

    private static String notConfirmed(GateRecord r) {
        return "the broker did not confirm " + r.kind() + " " + r.id() + " in time; it may still be recorded (and"
                + " then holds): the gate's answer shows whether it does";
    }

    /** How an acknowledged write ended. */
    enum Outcome { ACKNOWLEDGED, INTERRUPTED, NOT_CONFIRMED }

    /**
     * Sends one record and waits for the broker's metadata, then as long for its acknowledgement;
     * an interruption keeps the thread's flag, a failure or timeout is logged naming {@code what}.
     */
    static Outcome acknowledged(AcknowledgedWriter writer, Duration timeout, String topic, String key, byte[] value,
                                Map<String, String> headers, String what) {
        try {
            writer.send(topic, key, value, headers).get(2 * timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return Outcome.ACKNOWLEDGED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.INTERRUPTED;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} not confirmed by the broker: {}", what, e.toString());
            return Outcome.NOT_CONFIRMED;
        }
    }
}
