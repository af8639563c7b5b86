package io.postflight.local;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.local.DemoTarget.Behaviour;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo: Postflight in one JVM (real broker, every service), demo targets on loopback, and a
 * scripted CD system that deploys a good version, a broken one, and one whose latency regresses
 * while it stays healthy, and one it cannot verify, held until an operator's override releases it
 * ({@link DemoOverride}). The previous version (1.3.2) serves throughout, as the running service
 * would; each version's instances keep serving next to their successor, so the baseline phase
 * compares each candidate with a concurrent control. Phase durations are shortened by
 * configuration (environment "demo"); the code paths are the production ones.
 */
final class Demo {
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(100);
    /** The phrase a phase's INCONCLUSIVE leads with when the verifier itself was overloaded. */
    private static final String OVERLOADED = io.postflight.judge.baseline.BaselineJudge.VERIFIER_OVERLOADED;
    private static final String SERVICE = "checkout";
    private static final String ENVIRONMENT = "demo";
    private static final String LEAKY_SERVICE = "inventory";

    private Demo() {
    }

    static int run(PrintStream out, boolean keepRunning) throws Exception {
        out.println("Postflight demo: starting an embedded Kafka broker and every service ...");
        StopSignal stop = StopSignal.install(Thread.currentThread());
        List<DemoTarget> targets = new ArrayList<>();
        try {
            // What runs before the demo's first deployment; the baseline verifier scrapes it from start-up on.
            List<DemoTarget> serving = List.of(target(targets, "checkout-1.3.2-a", "1.3.2", Behaviour.HEALTHY),
                    target(targets, "checkout-1.3.2-b", "1.3.2", Behaviour.HEALTHY));
            List<DemoTarget> inventoryServing = List.of(
                    target(targets, "inventory-3.1.0-a", "3.1.0", Behaviour.HEALTHY),
                    target(targets, "inventory-3.1.0-b", "3.1.0", Behaviour.HEALTHY));
            Map<String, Object> scrapeTargets = new HashMap<>();
            scrapeTarget(scrapeTargets, 0, SERVICE, serving);
            scrapeTarget(scrapeTargets, 1, LEAKY_SERVICE, inventoryServing);
            LocalStack stack;
            try {
                stack = LocalStack.start(new String[] {"demo"}, scrapeTargets, stop);
            } catch (Exception e) {
                if (!stop.received()) {
                    throw e;
                }
                out.println("Postflight demo stopped before it was ready.");
                return 143;
            }
            try (Narrator narrator = new Narrator(stack.bootstrapServers(), out);
                 ScriptedCd cd = new ScriptedCd(stack.bootstrapServers())) {
                return script(stack, narrator, cd, targets, keepRunning, stop);
            } catch (Exception e) {
                // SIGTERM / Ctrl-C interrupts the script wherever it waits (a sleep, a Kafka client).
                if (!stop.received()) {
                    throw e;
                }
                out.println("Postflight demo is stopping before it finished ...");
                return 143;
            } finally {
                stack.close(); // settles the stop first: no signal interrupts the close
                if (stop.received() || keepRunning) {
                    out.println(LocalStack.stoppedLine(stack));
                }
            }
        } finally {
            targets.forEach(DemoTarget::close);
        }
    }

    private static int script(LocalStack stack, Narrator narrator, ScriptedCd cd, List<DemoTarget> targets,
                              boolean keepRunning, StopSignal stop) throws Exception {
        narrator.say("Kafka at " + stack.bootstrapServers() + "; services (health at /health, metrics at"
                + " /prometheus): " + stack.httpPorts() + "; JSON logs in postflight.log");
        narrator.say("INTAKE   the gateway also takes deploy events over HTTP: POST http://localhost:"
                + stack.httpPorts().get("gateway") + LocalIntake.PATH + " (see ./postflight run for a token)");
        narrator.say("SERVICE  checkout 1.3.2 serves " + DemoTarget.REQUESTS_PER_SECOND
                + " requests/s per instance on 2 instances; its traffic is the baseline");
        // The first decision that differs from the expected one ends the demo at once, with a non-zero
        // status: waiting for the later decisions would only add their timeouts to a known failure.
        List<DemoTarget> leaky = List.of(target(targets, "inventory-3.2.0-a", "3.2.0", Behaviour.MEMORY_LEAK),
                target(targets, "inventory-3.2.0-b", "3.2.0", Behaviour.MEMORY_LEAK));
        // A second service, verified at the same time: its new version leaks memory, which only the
        // drift phase, after the promotion, can see.
        narrator.say("CD       deploys inventory 3.2.0 (healthy and fast, but leaking memory) next to 3.1.0");
        String leakyId = cd.deployed(LEAKY_SERVICE, ENVIRONMENT, "3.2.0", "3.1.0", leaky, true);

        List<DemoTarget> good = List.of(target(targets, "checkout-1.4.0-a", "1.4.0", Behaviour.HEALTHY),
                target(targets, "checkout-1.4.0-b", "1.4.0", Behaviour.HEALTHY));
        narrator.say("CD       deploys checkout 1.4.0 (healthy, as fast as 1.3.2) as a structured-mode CDEvent");
        String goodId = cd.deployed(SERVICE, ENVIRONMENT, "1.4.0", "1.3.2", good, true);
        Met promoted = expect(narrator, goodId, DecisionKind.PROMOTE, Phase.BASELINE, PhaseOutcome.PASSED);
        int overloadHolds = promoted == Met.HELD_FOR_OVERLOAD ? 1 : 0;
        boolean ok = promoted != Met.NO;

        if (ok) {
            List<DemoTarget> bad = List.of(target(targets, "checkout-1.5.0-a", "1.5.0", Behaviour.CRASH_LOOP),
                    target(targets, "checkout-1.5.0-b", "1.5.0", Behaviour.NEVER_READY));
            narrator.say("CD       deploys checkout 1.5.0 (crash-looping, never ready) as a binary-mode CDEvent");
            String badId = cd.deployed(SERVICE, ENVIRONMENT, "1.5.0", "1.4.0", bad, false);
            ok = expect(narrator, badId, DecisionKind.ROLLBACK, Phase.HEALTH, PhaseOutcome.FAILED) == Met.YES;
        }
        if (ok) {
            List<DemoTarget> slow = List.of(
                    target(targets, "checkout-1.6.0-a", "1.6.0", Behaviour.LATENCY_REGRESSION),
                    target(targets, "checkout-1.6.0-b", "1.6.0", Behaviour.LATENCY_REGRESSION));
            narrator.say("CD       deploys checkout 1.6.0 (healthy to every probe, but ~3x slower than 1.4.0)");
            String slowId = cd.deployed(SERVICE, ENVIRONMENT, "1.6.0", "1.4.0", slow, true);
            ok = expect(narrator, slowId, DecisionKind.ROLLBACK, Phase.BASELINE, PhaseOutcome.FAILED) == Met.YES;
        }
        if (ok) {
            List<DemoTarget> noOrders = List.of(
                    target(targets, "checkout-1.7.0-a", "1.7.0", Behaviour.ORDERS_DROP),
                    target(targets, "checkout-1.7.0-b", "1.7.0", Behaviour.ORDERS_DROP));
            narrator.say("CD       deploys checkout 1.7.0 (healthy, fast, no errors, but it takes a tenth of the"
                    + " orders: a business check, orders per minute, watches that)");
            String noOrdersId = cd.deployed(SERVICE, ENVIRONMENT, "1.7.0", "1.4.0", noOrders, true);
            ok = expect(narrator, noOrdersId, DecisionKind.ROLLBACK, Phase.BASELINE, PhaseOutcome.FAILED) == Met.YES;
        }
        if (ok) {
            ok = DemoOverride.run(stack, narrator, cd, ENVIRONMENT);
        }
        if (ok) {
            Met leakyPromoted = expect(narrator, leakyId, DecisionKind.PROMOTE, Phase.BASELINE, PhaseOutcome.PASSED);
            overloadHolds += leakyPromoted == Met.HELD_FOR_OVERLOAD ? 1 : 0;
            // Held, it is never promoted, so there is no drift phase after a promotion to wait for.
            ok = leakyPromoted == Met.YES ? expectLateRollback(narrator, leakyId) : leakyPromoted != Met.NO;
        }

        narrator.say(!ok ? "DEMO     FAILED: a decision was missing or wrong (see postflight.log)"
                : overloadHolds == 0 ? "DEMO     done: every decision came out as expected"
                : "DEMO     done: no healthy version rolled back, every failing one rolled back; " + overloadHolds
                        + " healthy version(s) held because the verifier was overloaded (this machine is busy)");
        if (keepRunning) {
            narrator.say("still running (--keep-running); Ctrl-C stops");
            stop.await();
        }
        return ok ? 0 : 1;
    }

    private static DemoTarget target(List<DemoTarget> all, String name, String version, Behaviour b)
            throws Exception {
        DemoTarget t = new DemoTarget(name, version, b);
        all.add(t);
        return t;
    }

    /** Whether a promoted deployment was then rolled back on its drift phase, marked post-promotion. */
    private static boolean expectLateRollback(Narrator narrator, String deploymentId) throws Exception {
        List<Decision> ds = narrator.awaitDecisions(deploymentId, 2, DECISION_TIMEOUT);
        boolean expected = ds.size() == 2 && ds.get(1).kind() == DecisionKind.ROLLBACK && ds.get(1).postPromotion()
                && ds.get(1).phases().get(Phase.DRIFT) == PhaseOutcome.FAILED;
        if (!expected) {
            narrator.say("DEMO     expected a post-promotion ROLLBACK on DRIFT for " + deploymentId + ", got "
                    + ds.stream().map(d -> d.kind() + (d.postPromotion() ? " (post-promotion)" : "")).toList());
        }
        return expected;
    }

    /** How a deployment's first decision met its expectation. */
    private enum Met {
        YES,
        /** A PROMOTE was expected; the version was held because the verifier itself was overloaded. */
        HELD_FOR_OVERLOAD,
        NO
    }

    /**
     * Whether the deployment's first decision is {@code kind}, reached on {@code phase}'s {@code outcome}.
     * Where a PROMOTE is expected, a HOLD because the verifier was overloaded is what Postflight promises
     * on a starved machine (never a rollback of a healthy version), so it counts apart, not as a failure.
     */
    private static Met expect(Narrator narrator, String deploymentId, DecisionKind kind, Phase phase,
                              PhaseOutcome outcome) throws Exception {
        List<Decision> ds = narrator.awaitDecisions(deploymentId, 1, DECISION_TIMEOUT);
        if (ds.isEmpty()) {
            narrator.say("DEMO     no decision for " + deploymentId + " within " + DECISION_TIMEOUT.toSeconds() + " s");
            return Met.NO;
        }
        Decision d = ds.get(0);
        if (d.kind() == kind && d.phases().get(phase) == outcome) {
            return Met.YES;
        }
        if (kind == DecisionKind.PROMOTE && d.kind() == DecisionKind.HOLD
                && String.join(" ", d.reasons()).contains(OVERLOADED)) {
            narrator.say("DEMO     " + deploymentId + " held, not promoted: the verifier was overloaded (a busy"
                    + " machine); a healthy version is never rolled back for it");
            return Met.HELD_FOR_OVERLOAD;
        }
        narrator.say("DEMO     expected " + kind + " on " + phase + " " + outcome + ", got " + d.kind() + " with "
                + d.phases());
        return Met.NO;
    }

    /** {@code postflight.baseline.metrics.scrape.targets[index]}: the metrics pages of one serving version. */
    private static void scrapeTarget(Map<String, Object> properties, int index, String service,
                                     List<DemoTarget> instances) {
        String key = "postflight.baseline.metrics.scrape.targets[" + index + "].";
        properties.put(key + "service", service);
        properties.put(key + "environment", ENVIRONMENT);
        properties.put(key + "version", instances.get(0).version());
        properties.put(key + "urls", instances.stream().map(DemoTarget::metricsUrl).toList());
    }
}
