package io.postflight.gateway.http;

import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.Topics;
import io.postflight.gateway.http.CloudEventsHttpBinding.KafkaForm;
import io.postflight.kafka.AcknowledgedWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes accepted deploy events to {@code postflight.deploy-events} as the Kafka binding has them
 * (the request's {@code ce_*} and {@code content-type} headers, its bytes), keyed by deployment id,
 * and returns only once the broker acknowledged every one.
 */
public class DeployEventPublisher implements AutoCloseable {
    private final AcknowledgedWriter writer;
    private final Duration timeout;

    public DeployEventPublisher(AcknowledgedWriter writer, Duration timeout) {
        this.writer = writer;
        this.timeout = timeout;
    }

    /** The broker did not acknowledge an event in time, or refused it. */
    public static final class NotAcknowledged extends Exception {
        private static final long serialVersionUID = 1L;

        NotAcknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param records the records as read from the request, one per event
     * @param events what each decoded to, in the same order
     */
    void publish(List<KafkaForm> records, List<DeployEvent> events) throws NotAcknowledged {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            KafkaForm r = records.get(i);
            acks[i] = writer.send(Topics.DEPLOY_EVENTS.name(), events.get(i).deployment().deploymentId(), r.value(),
                    r.headers());
        }
        try {
            // The writer's own timeout ends each send; this only guards against waiting forever.
            CompletableFuture.allOf(acks).get(timeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new NotAcknowledged(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new NotAcknowledged("no acknowledgement within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledged("interrupted while waiting for the acknowledgement", e);
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
