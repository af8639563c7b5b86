package io.postflight.local;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.local.DemoTarget.Behaviour;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: Postflight in one JVM (real broker, every service), demo targets on loopback, and a
 * scripted CD system that deploys a good version, then a broken one. Phase durations are
 * shortened by configuration (environment "demo"); the code paths are the production ones.
 */
final class Demo {
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(75);

    private Demo() {
    }

    static int run(PrintStream out, boolean keepRunning) throws Exception {
        out.println("Postflight demo: starting an embedded Kafka broker and every service ...");
        List<DemoTarget> targets = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new String[] {"demo"}, Map.of());
             Narrator narrator = new Narrator(stack.bootstrapServers(), out);
             ScriptedCd cd = new ScriptedCd(stack.bootstrapServers())) {
            narrator.say("Kafka at " + stack.bootstrapServers() + "; services (health at /health, metrics at"
                    + " /prometheus): " + stack.httpPorts() + "; JSON logs in postflight.log");
            boolean ok = true;

            List<DemoTarget> good = List.of(target(targets, "checkout-1.4.0-a", Behaviour.HEALTHY),
                    target(targets, "checkout-1.4.0-b", Behaviour.HEALTHY));
            narrator.say("CD       deploys checkout 1.4.0 (healthy) as a structured-mode CDEvent");
            String goodId = cd.deployed("checkout", "demo", "1.4.0", "1.3.2", good, true);
            ok &= expect(narrator, goodId, DecisionKind.PROMOTE);

            List<DemoTarget> bad = List.of(target(targets, "checkout-1.5.0-a", Behaviour.CRASH_LOOP),
                    target(targets, "checkout-1.5.0-b", Behaviour.NEVER_READY));
            narrator.say("CD       deploys checkout 1.5.0 (crash-looping, never ready) as a binary-mode CDEvent");
            String badId = cd.deployed("checkout", "demo", "1.5.0", "1.4.0", bad, false);
            ok &= expect(narrator, badId, DecisionKind.ROLLBACK);

            narrator.say(ok ? "DEMO     done: every decision came out as expected"
                    : "DEMO     FAILED: a decision was missing or wrong (see postflight.log)");
            if (keepRunning) {
                narrator.say("still running (--keep-running); Ctrl-C stops");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            return ok ? 0 : 1;
        } finally {
            targets.forEach(DemoTarget::close);
        }
    }

    private static DemoTarget target(List<DemoTarget> all, String name, Behaviour b) throws Exception {
        DemoTarget t = new DemoTarget(name, b);
        all.add(t);
        return t;
    }

    private static boolean expect(Narrator narrator, String deploymentId, DecisionKind kind) throws Exception {
        List<Decision> ds = narrator.awaitDecisions(deploymentId, 1, DECISION_TIMEOUT);
        if (ds.isEmpty()) {
            narrator.say("DEMO     no decision for " + deploymentId + " within " + DECISION_TIMEOUT.toSeconds() + " s");
            return false;
        }
        return ds.get(0).kind() == kind;
    }
}
