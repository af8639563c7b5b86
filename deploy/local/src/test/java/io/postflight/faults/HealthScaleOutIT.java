package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Topics;
import io.postflight.local.ChildJvm;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Scale-out of the health verifier: two instances (child JVMs, one application id) share the
 * verifications by partition (about half each), each with a standby copy of the other's stores,
 * and when one is killed ({@code kill -9}: no shutdown, no commit) the
 * other takes its verifications over from the changelogs; every deployment gets exactly one decision.
 */
class HealthScaleOutIT {
    private static final int PARTITIONS = Topics.VERIFICATIONS.partitions();
    private static final int PER_PARTITION = 1;
    private static final Pattern STARTED = Pattern.compile(
            "\"message\":\"health phase started[^\\n]*?\"slot\":\"([^\"]+)\"");
    private static final Pattern PASSED = Pattern.compile(
            "\"message\":\"health phase PASSED[^\\n]*?\"slot\":\"([^\"]+)\"");

    @Test
    void twoInstancesShareTheVerificationsAndTheSurvivorFinishesTheKilledOnesWithOneDecisionEach() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            // Phases long enough to kill an instance in the middle of them: 40 healthy rounds of 0.5 s.
            bench.with("postflight.health.pass-after-consecutive-healthy", 40)
                    .with("postflight.health.phase-duration", "3m")
                    // The shared test broker holds other tests' verifications, which the first instance
                    // reads (new application id) and stores; a second instance would then count as behind
                    // on those changelogs and get only warm-up tasks until the probing rebalance, 10 min
                    // later. Counting every instance as caught up shares the tasks at once, as on a fresh
                    // installation.
                    .with("kafka.streams.default.acceptable.recovery.lag", Long.MAX_VALUE)
                    // Each instance keeps a copy of the other's stores, as the prod overlay does.
                    .with("kafka.streams.default.num.standby.replicas", 1);
            bench.startAllBut("health");
            ChildJvm first = bench.startChild("health");
            first.awaitOutput("Startup completed", Duration.ofMinutes(3));
            ChildJvm second = bench.startChild("health");
            second.awaitOutput("Startup completed", Duration.ofMinutes(3));
            awaitBothOwnPartitions(bench);

            Map<String, String> deployments = new HashMap<>();
            Set<String> slots = new TreeSet<>();
            for (String service : servicesCoveringEveryPartition(bench)) {
                List<DemoTarget> instances = bench.instances(service, "2.0", Behaviour.HEALTHY, 1);
                deployments.put(bench.deploy(service, "2.0", "1.0", instances), service);
                slots.add(service + "/" + FaultBench.ENVIRONMENT);
            }
            // Only this test's slots: the shared broker's history (other tests' verifications) is read too.
            await("every verification started on one of the two instances").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> mine(started(first), slots).size() + mine(started(second), slots).size()
                            >= slots.size());
            Set<String> onFirst = mine(started(first), slots);
            Set<String> onSecond = mine(started(second), slots);
            // About half each: the assignor balances the partitions' tasks over the two instances.
            assertThat(onFirst.size()).as("the first instance's share of %s", slots.size())
                    .isBetween(slots.size() / 3, 2 * slots.size() / 3);
            assertThat(onSecond.size()).as("the second instance's share of %s", slots.size())
                    .isBetween(slots.size() / 3, 2 * slots.size() / 3);
            assertThat(onFirst).doesNotContainAnyElementsOf(onSecond);

            first.kill();

            Map<String, Integer> expected = new HashMap<>();
            deployments.keySet().forEach(id -> expected.put(id, 1));
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), expected, Duration.ofMinutes(5),
                    Duration.ofSeconds(8));
            for (String id : deployments.keySet()) {
                List<Decision> decisions = seen.decisions().get(id);
                assertThat(decisions).as("decisions of " + deployments.get(id)).hasSize(1);
                assertThat(decisions.get(0).kind()).isEqualTo(DecisionKind.PROMOTE);
            }
            // The killed instance's verifications were resumed and finished by the survivor.
            assertThat(slots(second, PASSED)).containsAll(onFirst);
        }
    }

    /** Both instances in the group, stable, each with partitions of its own, before any deployment. */
    private static void awaitBothOwnPartitions(FaultBench bench) {
        String group = bench.applicationId("health");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bench.kafka()))) {
            await("both health verifiers own partitions").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group))
                                .describedGroups().get(group).get();
                        return g.state() == ConsumerGroupState.STABLE && g.members().size() == 2
                                && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    /** Services whose slots fall {@link #PER_PARTITION} on each partition, so each instance has work. */
    private static List<String> servicesCoveringEveryPartition(FaultBench bench) {
        int[] taken = new int[PARTITIONS];
        List<String> chosen = new ArrayList<>();
        for (int i = 0; chosen.size() < PARTITIONS * PER_PARTITION; i++) {
            String service = bench.service("scale", i);
            String slot = service + "/" + FaultBench.ENVIRONMENT;
            int p = Utils.toPositive(Utils.murmur2(slot.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (taken[p] < PER_PARTITION) {
                taken[p]++;
                chosen.add(service);
            }
        }
        return chosen;
    }

    private static Set<String> mine(Set<String> seen, Set<String> slots) {
        Set<String> m = new TreeSet<>(seen);
        m.retainAll(slots);
        return m;
    }

    private static Set<String> started(ChildJvm jvm) {
        return slots(jvm, STARTED);
    }

    private static Set<String> slots(ChildJvm jvm, Pattern line) {
        Set<String> slots = new TreeSet<>();
        Matcher m = line.matcher(jvm.stdout());
        while (m.find()) {
            slots.add(m.group(1));
        }
        return slots;
    }
}
