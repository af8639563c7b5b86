package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The override command's rules beyond its JSON shape, and how version 1 decisions and verdicts
 * are read as version 2.
 */
class OverrideContractTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static OverrideCommand command(OverrideAction action, DecisionKind releaseTo, Phase phase,
                                           Duration extendBy, String reason, String who) {
        return new OverrideCommand(null, "ov", "d-1", "shop/prod", action, releaseTo, phase, extendBy, reason, who, T0);
    }

    @Test
    void aCheckedOverrideHasAStrippedReasonAndWho() {
        OverrideCommand c = command(OverrideAction.ABORT, null, null, null, "  broken probe config ", " alice ")
                .checked();

        assertThat(c.reason()).isEqualTo("broken probe config");
        assertThat(c.who()).isEqualTo("alice");
        assertThat(c.schema()).isEqualTo(OverrideCommand.SCHEMA);
    }

    @Test
    void aReasonAndASubjectAreMandatory() {
        assertThatThrownBy(() -> command(OverrideAction.PROMOTE, null, null, null, " ", "alice").checked())
                .hasMessageStartingWith("reason:");
        assertThatThrownBy(() -> command(OverrideAction.PROMOTE, null, null, null, null, "alice").checked())
                .hasMessageStartingWith("reason:");
        assertThatThrownBy(() -> command(OverrideAction.PROMOTE, null, null, null, "x".repeat(1001), "alice")
                .checked()).hasMessageStartingWith("reason:");
        assertThatThrownBy(() -> command(OverrideAction.PROMOTE, null, null, null, "ok", "").checked())
                .hasMessageStartingWith("who:");
    }

    @Test
    void aReasonWithAControlCharacterAndAnUnprintableOrOverlongSubjectAreRefused() {
        assertThatThrownBy(() -> command(OverrideAction.ABORT, null, null, null,
                "ok\n2026-11-22 audit: override by root APPLIED", "alice").checked())
                .hasMessage("reason: contains the unprintable character U+000A at index 2");
        assertThatThrownBy(() -> command(OverrideAction.ABORT, null, null, null, "tab\there", "alice").checked())
                .hasMessageStartingWith("reason: contains the unprintable character U+0009");
        assertThatThrownBy(() -> command(OverrideAction.ABORT, null, null, null, "bidi \u202e txt", "alice")
                .checked()).hasMessageStartingWith("reason: contains the unprintable character U+202E");
        assertThatThrownBy(() -> command(OverrideAction.ABORT, null, null, null, "why", "alice\r\nbob").checked())
                .hasMessageStartingWith("who: contains the unprintable character U+000D");
        assertThatThrownBy(() -> command(OverrideAction.ABORT, null, null, null, "why", "a".repeat(257)).checked())
                .hasMessage("who: is 257 characters long, above 256");
        assertThat(command(OverrideAction.ABORT, null, null, null, "why", "a".repeat(256)).checked().who())
                .hasSize(256);
    }

    @Test
    void anIdNamesOneOverrideWhateverItsRequestTime() {
        OverrideCommand first = command(OverrideAction.ABORT, null, null, null, "wrong target", "alice").checked();
        OverrideCommand retried = new OverrideCommand(null, "ov", "d-1", "shop/prod", OverrideAction.ABORT, null,
                null, null, " wrong target ", "alice", T0.plusSeconds(30)).checked();

        assertThat(retried.sameOverrideAs(first)).isTrue();
        assertThat(command(OverrideAction.PROMOTE, null, null, null, "wrong target", "alice").checked()
                .sameOverrideAs(first)).as("another action").isFalse();
        assertThat(command(OverrideAction.ABORT, null, null, null, "another reason", "alice").checked()
                .sameOverrideAs(first)).as("another reason").isFalse();
        assertThat(command(OverrideAction.ABORT, null, null, null, "wrong target", "bob").checked()
                .sameOverrideAs(first)).as("another subject").isFalse();
        assertThat(new OverrideCommand(null, "ov", "d-2", "shop/prod", OverrideAction.ABORT, null, null, null,
                "wrong target", "alice", T0).checked().sameOverrideAs(first)).as("another deployment").isFalse();
        assertThat(command(OverrideAction.PROMOTE, null, null, null, "r", "bob").idTakenBy(first))
                .isEqualTo("overrideId 'ov' already names another override (ABORT of d-1 by alice); an id names"
                        + " one override: post this one under a new overrideId");
    }

    @Test
    void aReleaseNamesPromoteOrRollbackAndNothingElseDoes() {
        assertThatThrownBy(() -> command(OverrideAction.RELEASE_HOLD, null, null, null, "r", "a").checked())
                .hasMessageStartingWith("releaseTo:");
        assertThatThrownBy(() -> command(OverrideAction.RELEASE_HOLD, DecisionKind.HOLD, null, null, "r", "a")
                .checked()).hasMessageStartingWith("releaseTo:");
        assertThatThrownBy(() -> command(OverrideAction.PROMOTE, DecisionKind.PROMOTE, null, null, "r", "a")
                .checked()).hasMessageStartingWith("releaseTo:");
        assertThat(command(OverrideAction.RELEASE_HOLD, DecisionKind.ROLLBACK, null, null, "r", "a").checked()
                .describe()).isEqualTo("RELEASE_HOLD to ROLLBACK");
    }

    @Test
    void anExtensionNamesAPhaseAndABoundedPositiveDuration() {
        assertThatThrownBy(() -> command(OverrideAction.EXTEND, null, Phase.BASELINE, null, "r", "a").checked())
                .hasMessageStartingWith("phase, extendBy:");
        assertThatThrownBy(() -> command(OverrideAction.EXTEND, null, Phase.BASELINE, Duration.ZERO, "r", "a")
                .checked()).hasMessageStartingWith("extendBy:");
        assertThatThrownBy(() -> command(OverrideAction.EXTEND, null, Phase.BASELINE, Duration.ofHours(25), "r", "a")
                .checked()).hasMessageStartingWith("extendBy:");
        assertThatThrownBy(() -> command(OverrideAction.ABORT, null, Phase.BASELINE, null, "r", "a").checked())
                .hasMessageStartingWith("phase, extendBy:");
        assertThat(command(OverrideAction.EXTEND, null, Phase.BASELINE, Duration.ofMinutes(30), "r", "a").checked()
                .describe()).isEqualTo("EXTEND BASELINE by PT30M");
    }

    @Test
    void version1DecisionsAndVerdictsAreReadAsVersion2() throws Exception {
        String v1 = "{\"schema\":\"postflight.decision/1\",\"deployment\":{\"deploymentId\":\"d-1\",\"service\":\"s\","
                + "\"environment\":\"e\",\"version\":\"1\"},\"kind\":\"HOLD\",\"postPromotion\":false}";
        Decision d = Json.MAPPER.readValue(v1, Decision.class);
        Verdict v = Json.MAPPER.readValue("{\"schema\":\"postflight.verdict/1\",\"deployment\":{\"deploymentId\":"
                + "\"d-1\",\"service\":\"s\",\"environment\":\"e\",\"version\":\"1\"},\"state\":\"HELD\",\"decision\":"
                + v1 + "}", Verdict.class);

        assertThat(d.schema()).isEqualTo(Decision.SCHEMA);
        assertThat(d.override()).isNull();
        assertThat(v.schema()).isEqualTo(Verdict.SCHEMA);
        assertThat(v.decision().schema()).isEqualTo(Decision.SCHEMA);
        assertThat(ContractVersions.readsAs(Decision.SCHEMA_1, Decision.SCHEMA)).isTrue();
        assertThat(ContractVersions.readsAs(Verdict.SCHEMA_1, Verdict.SCHEMA)).isTrue();
        assertThat(ContractVersions.readsAs(Decision.SCHEMA, Decision.SCHEMA_1)).isFalse();
    }
}
