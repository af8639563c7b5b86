package io.postflight.gateway;

import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.contracts.intake.DeployEventDecoder;
import io.postflight.contracts.intake.RejectedEventException;
import io.postflight.kafka.DeadLetters;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.runtime.RecordMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake: decodes each deploy event, dead-letters what cannot be used (with the reason), drops
 * re-deliveries of a deployment already accepted, and starts its verification, keyed by slot.
 */
public final class IntakeProcessor implements Processor<byte[], byte[], String, Outgoing> {
    public static final String STORE = "intake-seen-deployments";
    private static final Logger LOG = LoggerFactory.getLogger(IntakeProcessor.class);
    private static final String CONSUMER = "gateway";

    private final DeployEventDecoder decoder;
    private final TargetResolver targets;
    private final GatewayConfig config;
    private final RecordMetrics metrics;
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, Long> seen;

    public IntakeProcessor(DeployEventDecoder decoder, TargetResolver targets, GatewayConfig config,
                           RecordMetrics metrics) {
        this.decoder = decoder;
        this.targets = targets;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOld);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.consumed(CONSUMER, Topics.DEPLOY_EVENTS.name());
        DeployEvent event;
        try {
            event = decoder.decode(headers(record), record.value());
        } catch (RejectedEventException e) {
            metrics.deadLettered(CONSUMER, e.reason().name());
            LOG.warn("dead-lettering a deploy event: {} ({})", e.reason(), e.getMessage());
            context.forward(DeadLetters.of(context, record, CONSUMER, e.reason().name(), e.getMessage()));
            return;
        }
        String id = event.deployment().deploymentId();
        try (var ignored = DeploymentMdc.of(event.deployment(), null)) {
            if (seen.get(id) != null) {
                metrics.duplicate(CONSUMER);
                LOG.info("deployment already accepted; ignoring re-delivered event {}", event.event().id());
                return;
            }
            long now = context.currentSystemTimeMs();
            seen.put(id, now);
            VerificationStarted v = new VerificationStarted(VerificationStarted.SCHEMA, event.deployment(),
                    event.action(), targets.targetsFor(event), config.phasesFor(event.action()),
                    Instant.ofEpochMilli(now), event.event());
            LOG.info("verification of {} {} in {} started ({} instance(s), phases {}, from {})",
                    v.deployment().service(), v.deployment().version(), v.deployment().environment(),
                    v.targets().size(), v.phases(), event.intakeFormat());
            context.forward(new Record<>(v.deployment().slot(),
                    new Outgoing(Topics.VERIFICATIONS.name(), JsonSerde.toBytes(v)), now));
        }
    }

    private static Map<String, String> headers(Record<byte[], byte[]> record) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : record.headers()) {
            m.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    private void forgetOld(long nowMillis) {
        long cutoff = nowMillis - config.dedupeRetention().toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = seen.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value < cutoff) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(seen::delete);
    }
}
