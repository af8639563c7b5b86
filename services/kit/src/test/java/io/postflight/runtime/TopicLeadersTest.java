package io.postflight.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class TopicLeadersTest {
    private static final Node BROKER = new Node(1, "localhost", 9092);

    private static TopicDescription described(String name, Node... leaders) {
        List<TopicPartitionInfo> partitions = new ArrayList<>();
        for (int i = 0; i < leaders.length; i++) {
            partitions.add(new TopicPartitionInfo(i, leaders[i], List.of(), List.of()));
        }
        return new TopicDescription(name, false, partitions);
    }

    private static long inSeconds(int seconds) {
        return System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    }

    @Test
    void waitsWhileTheTopicIsUnknownThenWhileAPartitionHasNoLeader() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TopicLeaders.Describer lagging = (topics, timeout) -> switch (calls.incrementAndGet()) {
            case 1 -> throw new ExecutionException(new UnknownTopicOrPartitionException("not yet"));
            case 2 -> Map.of("history", described("history", BROKER, Node.noNode()));
            default -> Map.of("history", described("history", BROKER, BROKER));
        };

        TopicLeaders.await(lagging, List.of("history"), inSeconds(30));

        assertThat(calls).hasValue(3);
    }

    @Test
    void asksAgainOnlyForTheTopicsStillWaitedFor() throws Exception {
        List<Collection<String>> asked = new ArrayList<>();
        TopicLeaders.Describer describer = (topics, timeout) -> {
            asked.add(List.copyOf(topics));
            return asked.size() == 1
                    ? Map.of("a", described("a", BROKER), "b", described("b"))
                    : Map.of("b", described("b", BROKER));
        };

        TopicLeaders.await(describer, List.of("b", "a"), inSeconds(30));

        assertThat(asked).containsExactly(List.of("a", "b"), List.of("b"));
    }

    @Test
    void timesOutNamingTheTopicsStillWithoutALeader() {
        TopicLeaders.Describer never = (topics, timeout) -> Map.of("history", described("history", Node.noNode()));

        assertThatThrownBy(() -> TopicLeaders.await(never, List.of("history"), inSeconds(0)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("[history]");
        assertThatThrownBy(() -> TopicLeaders.await(never, List.of("history"),
                System.nanoTime() + Duration.ofMillis(300).toNanos()))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("without a leader");
    }

    @Test
    void aNonRetriableErrorFailsAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        TopicLeaders.Describer denied = (topics, timeout) -> {
            calls.incrementAndGet();
            throw new ExecutionException(new TopicAuthorizationException("no describe"));
        };

        assertThatThrownBy(() -> TopicLeaders.await(denied, List.of("history"), inSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no describe");
        assertThat(calls).hasValue(1);
    }

    @Test
    void nothingCreatedIsNothingToWaitFor() throws Exception {
        TopicLeaders.await((topics, timeout) -> {
            throw new AssertionError("not asked");
        }, List.of(), inSeconds(0));
    }
}
