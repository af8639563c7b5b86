package io.postflight.verdict.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class VerdictFeedTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VerdictFeed feed = new VerdictFeed(4, registry);

    private static Verdict verdict(String service, int i) {
        return new Verdict(null, new DeploymentRef("d-" + i, service, "prod", "1", null, null), VerdictState.VERIFYING,
                Map.of(), null, null, Instant.EPOCH.plusSeconds(i), null);
    }

    /** Requests nothing: a client whose connection does not drain. */
    private static final class Stalled extends BaseSubscriber<Verdict> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // never requests
        }
    }

    @Test
    void aClientThatFallsBehindItsBufferIsDroppedAndTheOthersGoOn() {
        Stalled slow = new Stalled();
        feed.subscribe(v -> true).subscribe(slow);
        List<Verdict> fast = new CopyOnWriteArrayList<>();
        feed.subscribe(v -> true).subscribe(fast::add);
        for (int i = 0; i < 6; i++) {
            feed.publish(verdict("shop", i));
        }
        // It gets no more changes; its stream ends with an overflow once it reads what was buffered.
        assertThat(fast).hasSize(6);
        assertThat(registry.get("postflight.api.stream.dropped").counter().count()).isEqualTo(1);
        assertThat(feed.subscribers()).as("the dropped client is forgotten").isEqualTo(1);
    }

    @Test
    void aSubscriberSeesOnlyWhatItsFilterKeeps() {
        List<Verdict> seen = new CopyOnWriteArrayList<>();
        feed.subscribe(v -> v.deployment().service().equals("cart")).subscribe(seen::add);
        feed.publish(verdict("shop", 1));
        feed.publish(verdict("cart", 2));
        assertThat(seen).extracting(v -> v.deployment().deploymentId()).containsExactly("d-2");
    }
}
