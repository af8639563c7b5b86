package io.postflight.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.Evidence;
import io.postflight.contracts.PhaseOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which statuses end a phase, the outcome each records, and a verdict that cannot change after it is given. */
class JudgeVerdictTest {

    @Test
    void onlyWatchingLeavesThePhaseOpen() {
        assertThat(JudgeStatus.WATCHING.isFinal()).isFalse();
        assertThat(JudgeStatus.PASSED.isFinal()).isTrue();
        assertThat(JudgeStatus.FAILED.isFinal()).isTrue();
        assertThat(JudgeStatus.INCONCLUSIVE.isFinal()).isTrue();
    }

    @Test
    void eachFinalStatusIsThePhaseOutcomeOfTheSameName() {
        assertThat(JudgeStatus.PASSED.toOutcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(JudgeStatus.FAILED.toOutcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(JudgeStatus.INCONCLUSIVE.toOutcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThatThrownBy(JudgeStatus.WATCHING::toOutcome).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WATCHING");
    }

    @Test
    void aVerdictNeedsAStatusAndASummaryAndKeepsItsOwnCopyOfTheEvidence() {
        assertThatThrownBy(() -> new JudgeVerdict(null, "x", List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JudgeVerdict(JudgeStatus.PASSED, null, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThat(new JudgeVerdict(JudgeStatus.WATCHING, "x", null).evidence()).isEmpty();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("memory-limit", false, "clear", Map.of(), Map.of()));
        JudgeVerdict v = new JudgeVerdict(JudgeStatus.PASSED, "ok", evidence);
        evidence.clear();
        assertThat(v.evidence()).hasSize(1);
        assertThatThrownBy(() -> v.evidence().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
