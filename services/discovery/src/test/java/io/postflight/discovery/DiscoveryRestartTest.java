package io.postflight.discovery;

import static io.postflight.discovery.DiscoveryProcessorTest.D1;
import static io.postflight.discovery.DiscoveryProcessorTest.T0;
import static io.postflight.discovery.DiscoveryProcessorTest.discovery;
import static io.postflight.discovery.DiscoveryProcessorTest.found;
import static io.postflight.discovery.DiscoveryProcessorTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.TargetsChanged;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A task closed and started again on the same store, as after a restart or a rebalance: Kafka's
 * TopologyTestDriver cleans its state on close, so this drives the processor through a mock context
 * that keeps the store.
 */
class DiscoveryRestartTest {
    private final MockProcessorContext<String, Outgoing> context = new MockProcessorContext<>();
    private final ScriptedPodSource source = new ScriptedPodSource();
    private final KeyValueStore<String, DiscoveryWatch> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(DiscoveryProcessor.STORE), Serdes.String(), JsonSerde.of(DiscoveryWatch.class))
            .withLoggingDisabled().build();
    private long now = T0.toEpochMilli();

    private DiscoveryProcessor task() {
        DiscoveryProcessor p = new DiscoveryProcessor(source, DiscoveryConfig.defaults(),
                new RecordMetrics(new SimpleMeterRegistry()));
        p.init(context);
        return p;
    }

    /** One tick of the newest task's punctuator, one second later. */
    private void tick() {
        now += 1000;
        context.setCurrentSystemTimeMs(now);
        List<MockProcessorContext.CapturedPunctuator> ps = context.scheduledPunctuators();
        ps.get(ps.size() - 1).getPunctuator().punctuate(now);
    }

    private List<TargetsChanged> published() {
        List<TargetsChanged> out = context.forwarded().stream().map(f -> {
            assertThat(f.record().value().topic()).isEqualTo(Topics.TARGETS.name());
            try {
                return Json.MAPPER.readValue(f.record().value().value(), TargetsChanged.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        context.resetForwards();
        return out;
    }

    @Test
    void aRestartedTaskWatchesAgainFromTheStoreAndContinuesTheSequence() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setCurrentSystemTimeMs(now);
        DiscoveryProcessor first = task();
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        VerificationStarted v = new VerificationStarted(null, D1, DeployAction.DEPLOYED, null, List.of(Phase.HEALTH),
                T0, new EventRef("ev-d1", "/cd", "t", T0), null, null, discovery("c1"));
        context.setRecordMetadata(Topics.VERIFICATIONS.name(), 0, 0);
        first.process(new Record<>(D1.slot(), JsonSerde.toBytes(v), now));
        tick();
        source.show("c1", found("c1", pod("c1", "web-a", true), pod("c1", "web-b", true)));
        tick();
        assertThat(published()).extracting(TargetsChanged::sequence).containsExactly(1L, 2L);

        first.close();
        assertThat(source.opened.get(0).closed).as("the closed task stopped its watch").isTrue();
        source.show("c1", found("c1", pod("c1", "web-b", true)));
        task();
        assertThat(source.opened).as("watched again from the store").hasSize(2);
        assertThat(source.opened.get(1).closed).isFalse();
        tick();

        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(3);
            assertThat(s.pods()).extracting(TargetsChanged.Pod::pod).containsExactly("web-b");
        });
    }
}
