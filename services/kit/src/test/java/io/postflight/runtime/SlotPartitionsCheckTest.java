package io.postflight.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One partition count for the slot-keyed topics, whatever it is; the configured one for new topics only. */
class SlotPartitionsCheckTest {

    @Test
    void oneCountIsFineWhateverItIs() {
        assertThat(SlotPartitionsCheck.verdict(Map.of("postflight.verifications", 3, "postflight.phase-results", 3)))
                .isNull();
        assertThat(SlotPartitionsCheck.verdict(Map.of("postflight.verifications", 12, "postflight.phase-results", 12,
                "postflight.decisions", 12, "postflight.alerts", 12))).isNull();
    }

    @Test
    void twoCountsAreRefusedNamingEachTopicsCountAndTheProcedure() {
        String problem = SlotPartitionsCheck.verdict(Map.of("postflight.verifications", 12,
                "postflight.phase-results", 3, "postflight.decisions", 12));

        assertThat(problem).contains("postflight.phase-results=3").contains("postflight.verifications=12")
                .contains("different stream tasks").contains("docs/upgrade.md");
    }

    @Test
    void theConfiguredCountAppliesToEveryTopicButTheDeadLetter() {
        PostflightKafkaConfig five = new PostflightKafkaConfig("localhost:9092", true, (short) -1,
                Duration.ofSeconds(30), Duration.ofMinutes(15), 5);
        PostflightKafkaConfig unset = new PostflightKafkaConfig("localhost:9092", true, (short) -1,
                Duration.ofSeconds(30), Duration.ofMinutes(15), null);

        assertThat(five.partitionsOf(Topics.VERIFICATIONS)).isEqualTo(5);
        assertThat(five.partitionsOf(Topics.DEPLOY_EVENTS)).isEqualTo(5);
        assertThat(five.partitionsOf(Topics.DEAD_LETTER)).isEqualTo(1);
        assertThat(unset.partitionsOf(Topics.VERIFICATIONS)).isEqualTo(12);
    }
}
