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
 * Writes one {@link GateRecord} to {@code postflight.verdict-api.gate-records} and waits for the
 * broker's acknowledgement: what every endpoint that records for the gate does before it answers.
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
        try {
            writer.send(VerdictApiTopology.GATE_RECORDS.name(), r.key(), Json.MAPPER.writeValueAsBytes(r), Map.of())
                    .get(2 * timeout.toMillis() + 1000, TimeUnit.MILLISECONDS); // metadata, then delivery
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted before the broker acknowledged " + r.kind() + " " + r.id()
                    + ": it may still be recorded");
        } catch (ExecutionException | TimeoutException | IOException e) {
            LOG.warn("{} {} not confirmed by the broker: {}", r.kind(), r.id(), e.toString());
            return Optional.of("the broker did not confirm " + r.kind() + " " + r.id() + " in time; it may still be"
                    + " recorded (and then holds): the gate's answer shows whether it does");
        }
    }
}
