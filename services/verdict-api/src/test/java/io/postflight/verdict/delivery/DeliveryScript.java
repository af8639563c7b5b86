package io.postflight.verdict.delivery;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import io.postflight.verdict.history.DeploymentHistory;
import io.postflight.verdict.history.HistoryAssembly;
import io.postflight.verdict.history.HistoryInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted history of deployments, as the records Postflight's services write: the unit test
 * assembles them into histories, the IT writes them to the topics. Times are offsets from {@code t0}.
 */
public final class DeliveryScript {
    /** One record for one topic. */
    public record Step(TopicSpec topic, String key, Object record) {
    }

    private final Instant t0;
    private final List<Step> steps = new ArrayList<>();

    public DeliveryScript(Instant t0) {
        this.t0 = t0;
    }

    /**
     * A week of two slots, window [t0, t0 + 7 days), whose figures {@code DeliveryFiguresTest} works
     * out by hand. {@code shop}: promoted (d1); rolled back before promotion by Postflight, the rollback
     * announced and promoted 5 min later (d2); promoted then rolled back by drift 3 h later, fixed by d4
     * 75 min after; promoted then rolled back by hand (announced, no decision) and restored 5 min later
     * (d5); held (d6); superseded (d7) by one still verifying (d8); one promotion the day before the
     * window (d0). {@code cart}: rolled back by an operator's override and never restored (c1).
     */
    public static DeliveryScript aWeek(Instant t0, String shop, String cart, String environment) {
        DeliveryScript s = new DeliveryScript(t0);
        DeploymentRef d0 = ref(shop + "-d0", shop, environment);
        s.deployed(d0, h(-24)).decided(d0, DecisionKind.PROMOTE, false, h(-24).plus(m(10)));
        DeploymentRef d1 = ref(shop + "-d1", shop, environment);
        s.deployed(d1, h(0)).decided(d1, DecisionKind.PROMOTE, false, m(10));
        DeploymentRef d2 = ref(shop + "-d2", shop, environment);
        DeploymentRef d2r = ref(shop + "-d2r", shop, environment);
        s.deployed(d2, h(24)).decided(d2, DecisionKind.ROLLBACK, false, h(24).plus(m(5)))
                .rollbackAnnounced(d2r, h(24).plus(m(6))).decided(d2r, DecisionKind.PROMOTE, false, h(24).plus(m(10)));
        DeploymentRef d3 = ref(shop + "-d3", shop, environment);
        DeploymentRef d4 = ref(shop + "-d4", shop, environment);
        s.deployed(d3, h(48)).decided(d3, DecisionKind.PROMOTE, false, h(48).plus(m(20)))
                .decided(d3, DecisionKind.ROLLBACK, true, h(51))
                .deployed(d4, h(52)).decided(d4, DecisionKind.PROMOTE, false, h(52).plus(m(15)));
        DeploymentRef d5 = ref(shop + "-d5", shop, environment);
        DeploymentRef d5r = ref(shop + "-d5r", shop, environment);
        s.deployed(d5, h(72)).decided(d5, DecisionKind.PROMOTE, false, h(72).plus(m(10)))
                .rollbackAnnounced(d5r, h(73)).decided(d5r, DecisionKind.PROMOTE, false, h(73).plus(m(5)));
        DeploymentRef d6 = ref(shop + "-d6", shop, environment);
        s.deployed(d6, h(96)).decided(d6, DecisionKind.HOLD, false, h(96).plus(m(30)));
        DeploymentRef d7 = ref(shop + "-d7", shop, environment);
        DeploymentRef d8 = ref(shop + "-d8", shop, environment);
        s.deployed(d7, h(120)).deployed(d8, h(120).plus(m(2))).verdict(d7, VerdictState.SUPERSEDED, h(120).plus(m(2)));
        DeploymentRef c1 = ref(cart + "-c1", cart, environment);
        s.deployed(c1, h(24)).overridden(c1, DecisionKind.ROLLBACK, h(24).plus(m(2)));
        return s;
    }

    private static Duration h(long hours) {
        return Duration.ofHours(hours);
    }

    private static Duration m(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    public static DeploymentRef ref(String id, String service, String environment) {
        return new DeploymentRef(id, service, environment, "v-" + id, "sha256:" + "ab".repeat(32), null);
    }

    /** A deployment of {@code version} that replaced {@code previous} (what a rollback goes back to). */
    public static DeploymentRef ref(String id, String service, String environment, String version, String previous) {
        return new DeploymentRef(id, service, environment, version, null, previous);
    }

    /** Verification of {@code d} began {@code at} after t0 (the deploy event arrived then too). */
    public DeliveryScript deployed(DeploymentRef d, Duration at) {
        return started(d, DeployAction.DEPLOYED, at);
    }

    /** The CD system announced {@code d} as a rollback ({@code service.rolledback}) {@code at} after t0. */
    public DeliveryScript rollbackAnnounced(DeploymentRef d, Duration at) {
        return started(d, DeployAction.ROLLED_BACK, at);
    }

    private DeliveryScript started(DeploymentRef d, DeployAction action, Duration at) {
        steps.add(new Step(Topics.VERIFICATIONS, d.slot(), new VerificationStarted(null, d, action, List.of(),
                List.of(Phase.HEALTH, Phase.BASELINE), t0.plus(at), event(d), null, t0.plus(at))));
        return verdict(d, VerdictState.VERIFYING, at);
    }

    /** A decision on evidence {@code at} after t0, and the verdict it brings. */
    public DeliveryScript decided(DeploymentRef d, DecisionKind kind, boolean postPromotion, Duration at) {
        steps.add(new Step(Topics.DECISIONS, d.slot(), new Decision(null, d.deploymentId() + ":"
                + kind.name().toLowerCase() + (postPromotion ? ":post-promotion" : ""), d, kind, postPromotion,
                List.of(kind + " on evidence"), List.of(), Map.of(), t0.plus(at), event(d))));
        return verdict(d, stateOf(kind), at);
    }

    /** An operator's override deciding {@code kind} {@code at} after t0. */
    public DeliveryScript overridden(DeploymentRef d, DecisionKind kind, Duration at) {
        OverrideCommand command = new OverrideCommand(null, "ovr-" + d.deploymentId(), d.deploymentId(), d.slot(),
                kind == DecisionKind.ROLLBACK ? OverrideAction.ROLLBACK : OverrideAction.PROMOTE, null, null, null,
                "decided by hand", "alice", t0.plus(at).minusSeconds(1));
        steps.add(new Step(Topics.DECISIONS, d.slot(), new Decision(null, d.deploymentId() + ":override", d, kind,
                false, List.of("override by alice"), List.of(), Map.of(), t0.plus(at), event(d), command)));
        return verdict(d, stateOf(kind), at);
    }

    /** {@code d}'s HEALTH phase passed {@code at} after t0 (its instances live and ready). */
    public DeliveryScript healthPassed(DeploymentRef d, Duration at) {
        steps.add(new Step(Topics.PHASE_RESULTS, d.slot(), new PhaseResult(null, d, Phase.HEALTH, PhaseOutcome.PASSED,
                "every instance live and ready", List.of(), t0, t0.plus(at), event(d))));
        return this;
    }

    public DeliveryScript verdict(DeploymentRef d, VerdictState state, Duration at) {
        steps.add(new Step(Topics.VERDICTS, d.deploymentId(), new Verdict(null, d, state, Map.of(), null, null,
                t0.plus(at), event(d))));
        return this;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The histories the verdict API assembles from the steps. */
    public List<DeploymentHistory> histories() {
        Map<String, DeploymentHistory> byId = new LinkedHashMap<>();
        for (Step s : steps) {
            HistoryInput in = switch (s.record()) {
                case VerificationStarted v -> HistoryInput.of(v);
                case Decision d -> HistoryInput.of(d);
                case PhaseResult r -> HistoryInput.of(r);
                case Verdict v -> HistoryInput.of(v);
                default -> throw new IllegalStateException("not scripted: " + s.record());
            };
            byId.merge(in.deployment().deploymentId(), HistoryAssembly.apply(null, in),
                    (old, ignored) -> HistoryAssembly.apply(old, in));
        }
        return new ArrayList<>(byId.values());
    }

    private static VerdictState stateOf(DecisionKind kind) {
        return switch (kind) {
            case PROMOTE -> VerdictState.PROMOTED;
            case ROLLBACK -> VerdictState.ROLLED_BACK;
            case HOLD -> VerdictState.HELD;
        };
    }

    private EventRef event(DeploymentRef d) {
        return new EventRef("evt-" + d.deploymentId(), "/ci", "dev.cdevents.service.deployed.0.3.0", t0);
    }
}
