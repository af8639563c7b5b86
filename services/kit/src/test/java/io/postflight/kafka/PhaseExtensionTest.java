package io.postflight.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhaseExtensionTest {

    private static OverrideCommand extend(String id, Duration by) {
        return new OverrideCommand(null, id, "d1", "checkout/prod", OverrideAction.EXTEND, null, Phase.DRIFT, by,
                "more time", "alice", Instant.EPOCH);
    }

    @Test
    void eachOverrideIdCountsOnce() {
        PhaseExtension e = PhaseExtension.NONE.plus(extend("a", Duration.ofMinutes(10)))
                .plus(extend("a", Duration.ofMinutes(10))).plus(extend("b", Duration.ofMinutes(5)));

        assertThat(e.extendedBy()).isEqualTo(Duration.ofMinutes(15));
        assertThat(e.overrideIds()).containsExactly("a", "b");
        assertThat(e.counts("a")).isTrue();
        assertThat(e.counts("c")).isFalse();
    }

    @Test
    void keepsAtMostTheNewestIds() {
        PhaseExtension e = PhaseExtension.NONE;
        for (int i = 0; i <= PhaseExtension.MAX_IDS; i++) {
            e = e.plus(extend("id-" + i, Duration.ofMinutes(1)));
        }
        assertThat(e.overrideIds()).hasSize(PhaseExtension.MAX_IDS).doesNotContain("id-0")
                .endsWith("id-" + PhaseExtension.MAX_IDS);
        assertThat(e.extendedBy()).isEqualTo(Duration.ofMinutes(PhaseExtension.MAX_IDS + 1));
    }

    @Test
    void isStoredAsAnIsoDurationAndReadBackAbsentAsNone() throws Exception {
        PhaseExtension e = PhaseExtension.NONE.plus(extend("a", Duration.ofMinutes(90)));
        String json = Json.MAPPER.writeValueAsString(e);

        assertThat(json).contains("\"extendedBy\":\"PT1H30M\"").contains("\"overrideIds\":[\"a\"]");
        assertThat(Json.MAPPER.readValue(json, PhaseExtension.class)).isEqualTo(e);
        assertThat(Json.MAPPER.readValue("{}", PhaseExtension.class)).isEqualTo(PhaseExtension.NONE);
        assertThat(PhaseExtension.orNone(null)).isEqualTo(PhaseExtension.NONE);
    }
}
