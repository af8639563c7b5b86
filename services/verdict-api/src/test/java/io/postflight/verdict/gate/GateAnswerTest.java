package io.postflight.verdict.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.verdict.history.DeploymentHistory;
import io.postflight.verdict.history.HistoryAssembly;
import io.postflight.verdict.history.HistoryInput;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GateAnswerTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String DIGEST = "sha256:" + "ab12".repeat(16);
    private static final DeploymentRef SHOP = new DeploymentRef("shop-6d4f9c7b8", "shop", "prod", "1.2.0", DIGEST, "1.1.0");

    @Test
    void aPromotedDeploymentIsPromotedAndARolledBackOneRolledBack() {
        GateAnswer promoted = GateAnswer.decide(slotOnly(), history(VerdictState.PROMOTED));
        assertThat(promoted.decision()).isEqualTo(GateDecision.PROMOTED);
        assertThat(promoted.deploymentId()).isEqualTo("shop-6d4f9c7b8");
        assertThat(promoted.version()).isEqualTo("1.2.0");
        assertThat(GateAnswer.decide(slotOnly(), history(VerdictState.ROLLED_BACK)).decision())
                .isEqualTo(GateDecision.ROLLED_BACK);
    }

    @ParameterizedTest
    @EnumSource(value = VerdictState.class, names = {"VERIFYING", "HELD", "SUPERSEDED"})
    void everyOtherStateIsUndecided(VerdictState state) {
        GateAnswer answer = GateAnswer.decide(slotOnly(), history(state));
        assertThat(answer.decision()).isEqualTo(GateDecision.UNDECIDED);
        assertThat(answer.state()).isEqualTo(state);
    }

    @Test
    void anAbortedVerificationHaltsTheToolInsteadOfLeavingItToAskForHalfAnHour() {
        GateAnswer answer = GateAnswer.decide(slotOnly(), history(VerdictState.ABORTED));
        assertThat(answer.decision()).isEqualTo(GateDecision.ABORTED);
        assertThat(answer.reason()).contains("aborted by an operator");
    }

    @Test
    void aDeploymentWithoutAVerdictYetIsUndecided() {
        DeploymentHistory h = DeploymentHistory.of(SHOP);
        GateAnswer answer = GateAnswer.decide(slotOnly(), Optional.of(h));
        assertThat(answer.decision()).isEqualTo(GateDecision.UNDECIDED);
        assertThat(answer.reason()).contains("in progress");
    }

    @Test
    void anUnknownSlotIsUndecidedAndSaysSo() {
        GateAnswer answer = GateAnswer.decide(slotOnly(), Optional.empty());
        assertThat(answer.decision()).isEqualTo(GateDecision.UNDECIDED);
        assertThat(answer.reason()).contains("no deployment of shop/prod");
        assertThat(answer.deploymentId()).isNull();
    }

    @Test
    void anotherVersionNewestIsNeverPromotedForTheVersionAskedAfter() {
        GateRequest asked = new GateRequest("shop/prod", "1.3.0", null, null, null);
        GateAnswer answer = GateAnswer.decide(asked, history(VerdictState.PROMOTED));
        assertThat(answer.decision()).isEqualTo(GateDecision.UNDECIDED);
        assertThat(answer.reason()).contains("version 1.2.0, not 1.3.0");
        GateAnswer rolledBack = GateAnswer.decide(asked, history(VerdictState.ROLLED_BACK));
        assertThat(rolledBack.decision()).as("nor rolled back").isEqualTo(GateDecision.UNDECIDED);
    }

    @Test
    void everyIdentifierGivenMustMatch() {
        assertThat(decision(new GateRequest("shop/prod", "1.2.0", DIGEST, "shop-6d4f9c7b8", "6d4f9c7b8")))
                .isEqualTo(GateDecision.PROMOTED);
        assertThat(decision(new GateRequest("shop/prod", null, "registry.example/shop@" + DIGEST.toUpperCase()
                .replace("SHA256", "sha256"), null, null))).as("an image reference, any case of hex").isEqualTo(GateDecision.PROMOTED);
        assertThat(decision(new GateRequest("shop/prod", null, "sha256:" + "ff".repeat(32), null, null)))
                .isEqualTo(GateDecision.UNDECIDED);
        assertThat(decision(new GateRequest("shop/prod", null, null, "shop-other", null)))
                .isEqualTo(GateDecision.UNDECIDED);
        assertThat(decision(new GateRequest("shop/prod", null, null, null, "5c8b7a6d9")))
                .isEqualTo(GateDecision.UNDECIDED);
        assertThat(decision(new GateRequest("shop/prod", "1.2.0", null, null, "c7b8")))
                .as("a hash matches a whole suffix after '-', not any tail").isEqualTo(GateDecision.UNDECIDED);
        assertThat(decision(new GateRequest("shop/prod", " ", "", null, null)))
                .as("blank identifiers are not asked").isEqualTo(GateDecision.PROMOTED);
    }

    @Test
    void aDigestAskedAfterIsNotMatchedByADeploymentWithoutOne() {
        DeploymentRef noDigest = new DeploymentRef("shop-1", "shop", "prod", "1.2.0", null, null);
        GateAnswer answer = GateAnswer.decide(new GateRequest("shop/prod", null, DIGEST, null, null),
                Optional.of(withVerdict(noDigest, VerdictState.PROMOTED)));
        assertThat(answer.decision()).isEqualTo(GateDecision.UNDECIDED);
        assertThat(answer.reason()).contains("no artifact digest known");
    }

    @Test
    void anUnavailableStoreIsUndecided() {
        assertThat(GateAnswer.unavailable(slotOnly()).decision()).isEqualTo(GateDecision.UNDECIDED);
    }

    private static GateDecision decision(GateRequest request) {
        return GateAnswer.decide(request, history(VerdictState.PROMOTED)).decision();
    }

    private static GateRequest slotOnly() {
        return new GateRequest("shop/prod", null, null, null, null);
    }

    private static Optional<DeploymentHistory> history(VerdictState state) {
        return Optional.of(withVerdict(SHOP, state));
    }

    private static DeploymentHistory withVerdict(DeploymentRef d, VerdictState state) {
        Verdict v = new Verdict(null, d, state, Map.of(), null, null, T0, new EventRef("evt", "/ci", "t", T0));
        return HistoryAssembly.apply(null, HistoryInput.of(v));
    }
}
