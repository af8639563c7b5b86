package io.postflight.decision.alertmanager;

import io.micrometer.core.instrument.Counter;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.postflight.contracts.Alert;
import io.postflight.decision.DecisionEngineApplication;
import io.postflight.decision.alertmanager.AlertmanagerPayload.PostableAlert;
import io.postflight.kafka.ContractDecoder;
import io.postflight.kafka.RecordMetrics;
import io.postflight.resilience.CallFailedException;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.runtime.PostflightKafkaConfig;
import io.postflight.tracing.TraceScope;
import io.postflight.tracing.Tracing;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the alerts on {@code postflight.alerts} to Alertmanager, so that on-call is paged
 * through the routing they already have. On only with {@code postflight.alertmanager.enabled=true}.
 *
 * <p>At least once, in order per partition: an alert's offset is committed only after Alertmanager
 * accepted it. When Alertmanager cannot be reached within the retry budget, the listener throws;
 * the error strategy then seeks back to that alert and pauses its partition for
 * {@code redelivery-delay} before trying again, so nothing after it is committed either and a
 * restart or rebalance starts from it. Re-sending is harmless: Alertmanager merges alerts with
 * equal labels and does not notify twice.
 *
 * <p>Unreadable records and alerts Alertmanager refuses (HTTP 400/422) cannot succeed by waiting:
 * they go to {@code postflight.dead-letter} with the reason in headers, are counted, and the
 * listener carries on.
 */
@KafkaListener(groupId = AlertmanagerNotifier.GROUP_ID, clientId = AlertmanagerNotifier.GROUP_ID,
        offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR,
                retryDelay = AlertmanagerNotifier.REDELIVERY_DELAY, retryCount = Integer.MAX_VALUE),
        properties = @Property(name = "isolation.level", value = "read_committed"))
@Requires(env = DecisionEngineApplication.ENVIRONMENT)
@Requires(property = "postflight.alertmanager.enabled", value = "true")
public class AlertmanagerNotifier implements AutoCloseable {
    public static final String GROUP_ID = "postflight-alertmanager-notifier";
    /** The consumer name in metrics and dead-letter headers. */
    public static final String CONSUMER = "alertmanager-notifier";
    /** Equal to {@code Topics.ALERTS.name()} (an annotation needs a constant). */
    public static final String TOPIC = "postflight.alerts";
    public static final String REJECTED = "ALERTMANAGER_REJECTED";
    /** Span of one attempt to deliver an alert to Alertmanager. */
    public static final String SPAN = "postflight.alert.send";
    static final String REDELIVERY_DELAY = "${postflight.alertmanager.redelivery-delay:"
            + AlertmanagerConfig.DEFAULT_REDELIVERY_DELAY_TEXT + "}";
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerNotifier.class);

    private final AlertmanagerConfig config;
    private final RecordMetrics metrics;
    private final AlertmanagerPayload payloads;
    private final AlertmanagerClient client;
    private final DeadLetterProducer deadLetters;
    private final Tracing tracing;

    public AlertmanagerNotifier(AlertmanagerConfig config, RecordMetrics metrics, PostflightKafkaConfig kafkaConfig,
                                KafkaDefaultConfiguration kafka, Tracing tracing) {
        this.tracing = tracing;
        this.config = config;
        this.metrics = metrics;
        this.payloads = new AlertmanagerPayload(config);
        this.client = new AlertmanagerClient(config, metrics.registry());
        // The same kafka.* settings (security included) as the service's other clients.
        Properties client = new Properties();
        client.putAll(kafka.getConfig());
        client.put("bootstrap.servers", kafkaConfig.bootstrapServers());
        this.deadLetters = new DeadLetterProducer(client, GROUP_ID + "-dead-letters");
        LOG.info("forwarding {} to Alertmanager at {}", TOPIC, this.client.endpoint());
    }

    /**
     * Delivers one alert, or dead-letters it when it can never be delivered.
     *
     * @throws AlertNotDeliveredException when Alertmanager (or, for a dead letter, Kafka) could
     *     not be reached: the record stays uncommitted and is tried again
     */
    @Topic(TOPIC)
    public void receive(ConsumerRecord<byte[], byte[]> record) throws AlertNotDeliveredException {
        metrics.consumed(CONSUMER, record.topic());
        Alert alert;
        PostableAlert payload;
        try {
            alert = ContractDecoder.decode(record.value(), Alert.class, Alert.SCHEMA);
            payload = payloads.map(alert);
        } catch (ContractDecoder.DecodeException e) {
            deadLetter(record, e.reason(), e.getMessage());
            return;
        }
        // One span per delivery attempt, in the trace of the decision that raised the alert (ADR 0026).
        try (var ignored = DeploymentMdc.of(alert.decision().deployment(), null);
             var resumed = Tracing.resume(record.headers());
             var span = tracing.span(SPAN, alert.decision().deployment(), null)) {
            span.attribute("postflight.alert.id", alert.alertId());
            deliver(record, alert, payload, span);
        } catch (RuntimeException e) {
            // Retried like an outage (never skipped), but said loudly: the error strategy alone would not log it.
            failed("unexpected");
            LOG.error("alert {} NOT delivered: unexpected {}; trying again in {}", alert.alertId(),
                    e.getClass().getSimpleName(), config.redeliveryDelay(), e);
            throw new AlertNotDeliveredException("unexpected failure: " + e, e);
        }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> record, Alert alert, PostableAlert payload, TraceScope span)
            throws AlertNotDeliveredException {
        try {
            client.post(AlertmanagerPayload.body(payload));
        } catch (CallFailedException e) {
            span.failed(e.reason() + ": " + e.getMessage());
            failed(e.reason() == CallFailedException.Reason.PERMANENT ? "rejected"
                    : e.reason().name().toLowerCase(Locale.ROOT));
            if (e.reason() == CallFailedException.Reason.PERMANENT) {
                LOG.error("Alertmanager refused alert {} (on-call NOT paged); dead-lettering it: {}",
                        alert.alertId(), e.getMessage());
                deadLetter(record, REJECTED, e.getMessage());
                return;
            }
            LOG.error("alert {} ({} {}) NOT delivered to Alertmanager, trying again in {} (offset {} of {}-{} stays "
                            + "uncommitted): {}", alert.alertId(), payload.labels().get("alertname"),
                    payload.labels().get("severity"), config.redeliveryDelay(), record.offset(), record.topic(),
                    record.partition(), e.getMessage());
            throw new AlertNotDeliveredException(e.getMessage(), e);
        }
        Counter.builder("postflight.alertmanager.sent").description("alerts accepted by Alertmanager")
                .tag("severity", payload.labels().get("severity")).register(metrics.registry()).increment();
        if (payload.endsAt().isBefore(Instant.now())) {
            LOG.warn("alert {} delivered after its resolve-timeout ({} after the decision): Alertmanager shows it "
                    + "resolved and pages no one", alert.alertId(), config.resolveTimeout());
        } else {
            LOG.info("alert {} ({} {}) delivered to Alertmanager", alert.alertId(),
                    payload.labels().get("alertname"), payload.labels().get("severity"));
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String detail)
            throws AlertNotDeliveredException {
        try {
            deadLetters.send(record, CONSUMER, reason, detail);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("cannot dead-letter offset {} of {}-{} ({}): {}; trying again", record.offset(), record.topic(),
                    record.partition(), reason, e.getMessage());
            throw new AlertNotDeliveredException("dead letter not written: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlertNotDeliveredException("interrupted while dead-lettering", e);
        }
        metrics.deadLettered(CONSUMER, reason);
        LOG.warn("dead-lettered offset {} of {}-{}: {} ({})", record.offset(), record.topic(), record.partition(),
                reason, detail);
    }

    private void failed(String reason) {
        Counter.builder("postflight.alertmanager.failures")
                .description("alerts Alertmanager did not accept within the retry budget (outage) or refused")
                .tag("reason", reason).register(metrics.registry()).increment();
    }

    @Override
    @PreDestroy
    public void close() {
        client.close();
        deadLetters.close();
    }

    /** An alert that could not be delivered now; its record is retried, not committed. */
    public static final class AlertNotDeliveredException extends Exception {
        public AlertNotDeliveredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
