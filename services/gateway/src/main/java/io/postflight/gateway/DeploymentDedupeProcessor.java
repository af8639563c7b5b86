package io.postflight.gateway;

import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.contracts.VerificationStarted;
import io.postflight.contracts.Target;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.gateway.discovery.DiscoveryResolver;
import io.postflight.gateway.policy.PolicyResolver;
import io.postflight.kafka.DeadLetters;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake, second step: the decoded events arrive keyed by deployment id (repartitioned), so one
 * store sees every copy of a deployment's event. The first starts the verification, keyed by slot;
 * re-deliveries (the same deployment, whatever the envelope id) are dropped and counted. An event
 * that reuses the id of an accepted deployment for another service, environment, version or
 * digest is not a re-delivery: it is dead-lettered as {@link #CONFLICT} with both descriptions.
 */
public final class DeploymentDedupeProcessor implements Processor<String, byte[], String, Outgoing> {
    public static final String STORE = "intake-seen-deployments";
    /** Dead-letter reason for an event whose deployment id belongs to another deployment. */
    public static final String CONFLICT = "CONFLICT";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentDedupeProcessor.class);
    private static final String CONSUMER = DeployEventDecodeProcessor.CONSUMER;
    /** The span of an accepted deployment, the first of its verification's trace. */
    public static final String SPAN = "postflight.intake";

    private final TargetResolver targets;
    private final GatewayConfig config;
    private final PolicyResolver policies;
    private final DiscoveryResolver discovery;
    private final RecordMetrics metrics;
    private final Tracing tracing;
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, AcceptedDeployment> seen;

    /** Intake with no configured policy: every deployment runs under {@link VerificationPolicy#DEFAULT}. */
    public DeploymentDedupeProcessor(TargetResolver targets, GatewayConfig config, RecordMetrics metrics) {
        this(targets, config, new PolicyResolver(List.of(), config.phases(), config.rollbackPhases()), metrics);
    }

    public DeploymentDedupeProcessor(TargetResolver targets, GatewayConfig config, PolicyResolver policies,
                                     RecordMetrics metrics) {
        this(targets, config, policies, metrics, Tracing.off());
    }

    /** @param tracing the gateway's spans: one {@code postflight.intake} span per accepted deployment */
    public DeploymentDedupeProcessor(TargetResolver targets, GatewayConfig config, PolicyResolver policies,
                                     RecordMetrics metrics, Tracing tracing) {
        this(targets, config, policies, new DiscoveryResolver(List.of()), metrics, tracing);
    }

    /**
     * @param discovery where targets are discovered in Kubernetes when neither the event nor the
     *     target map names any (ADR 0029)
     */
    public DeploymentDedupeProcessor(TargetResolver targets, GatewayConfig config, PolicyResolver policies,
                                     DiscoveryResolver discovery, RecordMetrics metrics, Tracing tracing) {
        this.discovery = discovery;
        this.tracing = tracing;
        this.targets = targets;
        this.config = config;
        this.policies = policies;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOld);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        DeployEvent event;
        try {
            event = Json.MAPPER.readValue(record.value(), DeployEvent.class);
        } catch (java.io.IOException e) {
            // Written by the decode step of this very topology: unreadable means a bug, not bad input.
            throw new IllegalStateException("cannot read a decoded deploy event", e);
        }
        String id = event.deployment().deploymentId();
        try (var ignored = DeploymentMdc.of(event.deployment(), null)) {
            AcceptedDeployment accepted = seen.get(id);
            if (accepted != null && accepted.conflictsWith(event.deployment())) {
                DeploymentRef d = event.deployment();
                DeadLetters.reject(context, record, CONSUMER, CONFLICT, "deployment id '" + id + "' was accepted for "
                        + accepted.describe() + "; event " + event.event().id() + " reuses it for "
                        + AcceptedDeployment.describe(d.service(), d.version(), d.environment(), d.artifactDigest()),
                        metrics);
                return;
            }
            if (accepted != null) {
                metrics.duplicate(CONSUMER);
                LOG.info("deployment already accepted; ignoring re-delivered event {}", event.event().id());
                return;
            }
            long now = context.currentSystemTimeMs();
            seen.put(id, AcceptedDeployment.of(now, event.deployment()));
            // Resolved once, here: every verifier and the decision engine apply this one (ADR 0014).
            VerificationPolicy policy = policies.policyFor(event.deployment());
            // Precedence: the event's targets, the static map, then discovery (which follows the pods).
            List<Target> named = targets.targetsFor(event);
            TargetDiscovery discovered = named.isEmpty() ? discovery.discoveryFor(event.deployment()).orElse(null) : null;
            VerificationStarted v = new VerificationStarted(VerificationStarted.SCHEMA, event.deployment(),
                    event.action(), named, policies.phasesFor(event.deployment(), event.action()),
                    Instant.ofEpochMilli(now), event.event(), policy, receivedAt(record.timestamp(), now), discovered);
            // The verification's trace starts here, in the CD system's trace when it sent one (ADR 0026);
            // the line that says so is logged inside it, so it carries the trace id like the rest.
            try (var announced = Tracing.resume(record.headers());
                 var span = tracing.span(SPAN, v.deployment(), null)) {
                LOG.info("verification of {} {} in {} started ({}, phases {}, {}, from {})",
                        v.deployment().service(), v.deployment().versionForPeople(), v.deployment().environment(),
                        discovered == null ? v.targets().size() + " instance(s)"
                                : "pods discovered in " + discovered.namespace() + " of " + discovered.clusters(),
                        v.phases(), policy.describe(), event.intakeFormat());
                span.attribute("postflight.intake.format", String.valueOf(event.intakeFormat()));
                context.forward(new Record<>(v.deployment().slot(),
                        new Outgoing(Topics.VERIFICATIONS.name(), JsonSerde.toBytes(v)), now));
            }
        }
    }

    /**
     * When the deploy event reached Postflight: its record's timestamp, if not after now. A timestamp
     * in the future (a producer's clock ahead, or a forged one up to year 292 million) says nothing
     * and would not fit the contract's date-time; the verification then knows only its start.
     */
    static Instant receivedAt(long recordTimestamp, long nowMillis) {
        return recordTimestamp >= 0 && recordTimestamp <= nowMillis ? Instant.ofEpochMilli(recordTimestamp) : null;
    }

    private void forgetOld(long nowMillis) {
        long cutoff = nowMillis - config.dedupeRetention().toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, AcceptedDeployment> it = seen.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.acceptedAt() < cutoff) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(seen::delete);
    }
}
