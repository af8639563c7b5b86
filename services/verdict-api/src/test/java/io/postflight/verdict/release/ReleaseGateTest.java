package io.postflight.verdict.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.verdict.delivery.DeliveryScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The release gate on scripted histories: each check blocks for its reason, every reason is given,
 * and an artifact that meets them all is allowed.
 */
class ReleaseGateTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z"); // a Wednesday
    private static final String GOOD = "sha256:" + "a1".repeat(32);
    private static final String OTHER = "sha256:" + "b2".repeat(32);
    private static final String OLD = "sha256:" + "c3".repeat(32);
    private static final ReleasePolicy PROD = new ReleasePolicy("prod", "staging", Duration.ofHours(1), true, true, false,
            List.of("MON-FRI 09:00-17:00 Europe/Berlin"), List.of("2026-12-21T00:00:00Z/2027-01-04T00:00:00Z year-end freeze"), "none");

    private static DeploymentRef staging(String id, String version, String digest) {
        return new DeploymentRef(id, "shop", "staging", version, digest, null);
    }

    private static DeploymentRef prod(String id, String version, String digest) {
        return new DeploymentRef(id, "shop", "prod", version, digest, null);
    }

    /** 1.4.0 promoted in prod the day before; 1.5.0 (GOOD) deployed to staging at T0, promoted 20 min later. */
    private static DeliveryScript history() {
        DeploymentRef live = prod("p-140", "1.4.0", OLD);
        DeploymentRef candidate = staging("s-150", "1.5.0", GOOD);
        return new DeliveryScript(T0).deployed(live, Duration.ofHours(-24))
                .decided(live, DecisionKind.PROMOTE, false, Duration.ofHours(-24).plusMinutes(15))
                .deployed(candidate, Duration.ZERO).decided(candidate, DecisionKind.PROMOTE, false, Duration.ofMinutes(20));
    }

    private static ReleaseAnswer ask(DeliveryScript s, String version, String digest, Duration after) {
        return ReleaseGate.answer("shop", "prod", version, digest, PROD, s.histories(), T0.plus(after));
    }

    @Test
    void anArtifactVerifiedAndSoakedInStagingInsideTheWindowIsAllowedWithEveryCheckShown() {
        ReleaseAnswer a = ask(history(), "1.5.0", GOOD, Duration.ofMinutes(90)); // 10:30 in Berlin
        assertThat(a.decision()).isEqualTo("ALLOW");
        assertThat(a.reasons()).isEmpty();
        assertThat(a.checks()).extracting(ReleaseCheck::check).containsExactly("verified-in-lower-environment", "soak",
                "immutable-artifact", "deployment-window", "change-freeze", "rollback-target", "approval",
                "vulnerabilities");
        assertThat(a.checks()).allMatch(ReleaseCheck::passed);
        assertThat(a.checks().get(1).detail()).isEqualTo("ran 90 min in staging, at least 60 min required");
        assertThat(a.checks().get(5).detail()).startsWith("rollback target: 1.4.0 (sha256:c3c3c3c3c3c3)");
    }

    @Test
    void tooShortASoakBlocksAndSoDoesAReplacementInStagingBeforeTheSoakEnded() {
        ReleaseAnswer early = ask(history(), "1.5.0", GOOD, Duration.ofMinutes(59));
        assertThat(early.decision()).isEqualTo("BLOCK");
        assertThat(early.reasons()).containsExactly("ran 59 min in staging, less than 60 min required");
        DeliveryScript s = history();
        DeploymentRef next = staging("s-151", "1.5.1", OTHER);
        s.deployed(next, Duration.ofMinutes(30));
        assertThat(ask(s, "1.5.0", GOOD, Duration.ofMinutes(90)).reasons()).containsExactly(
                "ran 30 min in staging before deployment s-151 replaced it, less than 60 min required");
    }

    @Test
    void anArtifactNeverVerifiedOrRolledBackInStagingIsBlocked() {
        ReleaseAnswer unknown = ask(history(), "1.6.0", OTHER, Duration.ofMinutes(90));
        assertThat(unknown.reasons()).containsExactly("sha256:b2b2b2b2b2b2 was never verified in staging",
                "not soaked: not verified in staging");
        DeliveryScript s = history();
        s.decided(staging("s-150", "1.5.0", GOOD), DecisionKind.ROLLBACK, true, Duration.ofMinutes(50));
        assertThat(ask(s, "1.5.0", GOOD, Duration.ofMinutes(90)).reasons()).containsExactly(
                "1.5.0 was rolled back in staging at 2026-11-25T08:50:00Z (deployment s-150)",
                "not soaked: not verified in staging");
    }

    @Test
    void aTagWithoutDigestOrAVersionNameThatDoesNotMatchTheVerifiedArtifactIsBlocked() {
        assertThat(ask(history(), "1.5.0", null, Duration.ofMinutes(90)).reasons()).contains(
                "the artifact is not pinned by digest: name it by its sha256 digest, a tag can move");
        assertThat(ask(history(), "1.6.0", GOOD, Duration.ofMinutes(90)).reasons()).containsExactly(
                "the artifact sha256:a1a1a1a1a1a1 was verified as version 1.5.0, not 1.6.0: the version name and the"
                        + " artifact do not match");
        assertThat(ask(history(), "1.5.0", "sha256:XYZ", Duration.ofMinutes(90)).reasons())
                .contains("'sha256:XYZ' is not a sha256 digest (sha256: and 64 lower-case hex digits)");
    }

    @Test
    void outsideTheWindowOrInsideAFreezeIsBlockedInTheWindowsOwnTimeZone() {
        // 16:30 UTC is 17:30 in Berlin (winter time): past the window
        assertThat(ask(history(), "1.5.0", GOOD, Duration.ofMinutes(510)).reasons()).containsExactly(
                "outside every deployment window (MON-FRI 09:00-17:00 Europe/Berlin) at 2026-11-25T16:30:00Z");
        Instant inFreeze = Instant.parse("2026-12-22T10:00:00Z");
        ReleaseAnswer frozen = ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, PROD, history().histories(), inFreeze);
        assertThat(frozen.reasons()).containsExactly("inside a change freeze (year-end freeze,"
                + " 2026-12-21T00:00:00Z to 2027-01-04T00:00:00Z)");
    }

    @Test
    void withoutAVersionToRollBackToItIsBlockedUnlessThePolicyAllowsAFirstDeployment() {
        DeploymentRef candidate = staging("s-150", "1.5.0", GOOD);
        DeliveryScript first = new DeliveryScript(T0).deployed(candidate, Duration.ZERO)
                .decided(candidate, DecisionKind.PROMOTE, false, Duration.ofMinutes(20));
        assertThat(ask(first, "1.5.0", GOOD, Duration.ofMinutes(90)).reasons())
                .containsExactly("no promoted version in prod to roll back to");
        ReleasePolicy firstAllowed = new ReleasePolicy("prod", "staging", Duration.ofHours(1), true, false, false,
                List.of(), List.of(), "none");
        assertThat(ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, firstAllowed, first.histories(),
                T0.plus(Duration.ofMinutes(90))).decision()).isEqualTo("ALLOW");
        // a live version that was rolled back is no target; the one before it is
        DeliveryScript s = history();
        DeploymentRef bad = prod("p-145", "1.4.5", "sha256:" + "d4".repeat(32));
        s.deployed(bad, Duration.ofMinutes(-60)).decided(bad, DecisionKind.ROLLBACK, false, Duration.ofMinutes(-55));
        assertThat(ask(s, "1.5.0", GOOD, Duration.ofMinutes(90)).checks().get(5).detail())
                .startsWith("rollback target: 1.4.0 ");
    }

    @Test
    void everyReasonIsGivenAtOnceAndAnEnvironmentWithoutPolicyIsBlocked() {
        ReleaseAnswer all = ReleaseGate.answer("shop", "prod", null, null, PROD, List.of(),
                Instant.parse("2026-12-26T23:00:00Z"));
        assertThat(all.reasons()).hasSize(6);
        ReleaseAnswer none = ReleaseGate.answer("shop", "qa", "1.5.0", GOOD, null, history().histories(), T0);
        assertThat(none.decision()).isEqualTo("BLOCK");
        assertThat(none.reasons()).containsExactly("no release policy for environment qa"
                + " (postflight.verdict-api.release-gate.environments.qa)");
    }

    @Test
    void windowsAndFreezesAreParsedStrictly() {
        DeploymentWindow night = DeploymentWindow.parse("FRI 22:00-02:00 UTC");
        assertThat(night.contains(Instant.parse("2026-11-27T23:00:00Z"))).as("Friday 23:00").isTrue();
        assertThat(night.contains(Instant.parse("2026-11-28T01:00:00Z"))).as("Saturday 01:00, Friday's night").isTrue();
        assertThat(night.contains(Instant.parse("2026-11-29T01:00:00Z"))).as("Sunday 01:00").isFalse();
        assertThat(DeploymentWindow.parse("MON,WED-THU 09:00-10:00 UTC").days()).hasSize(3);
        assertThatThrownBy(() -> DeploymentWindow.parse("WEEKDAYS 09:00-17:00 UTC")).hasMessageContaining("not a day");
        assertThatThrownBy(() -> DeploymentWindow.parse("MON 9-17 UTC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeploymentWindow.parse("MON 09:00-17:00 Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeFreeze.parse("2027-01-04T00:00:00Z/2026-12-21T00:00:00Z oops"))
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> new ReleasePolicy("prod", "prod", Duration.ofHours(1), true, true, false, List.of(), List.of(), "none"))
                .hasMessageContaining("lower-environment");
        assertThatThrownBy(() -> new ReleasePolicy("prod", "staging", Duration.ofHours(1), true, true, false,
                List.of("always"), List.of(), "none")).hasMessageContaining("environments.prod.windows[0]");
    }

    @Test
    void aRollbackTheCdSystemAnnouncedInStagingAfterPromotionBlocks() {
        DeliveryScript s = history();
        DeploymentRef back = new DeploymentRef("s-140r", "shop", "staging", "1.4.0", OLD, null);
        s.rollbackAnnounced(back, Duration.ofMinutes(90));
        assertThat(ask(s, "1.5.0", GOOD, Duration.ofMinutes(120)).reasons()).containsExactly(
                "1.5.0 was rolled back in staging by the CD system at 2026-11-25T09:30:00Z (deployment s-140r brought"
                        + " 1.4.0 back)", "not soaked: not verified in staging");
    }

    @Test
    void theSameArtifactDeployedAgainKeepsItsSoak() {
        DeliveryScript s = history();
        DeploymentRef again = staging("s-150b", "1.5.0", GOOD);
        s.deployed(again, Duration.ofMinutes(50)).decided(again, DecisionKind.PROMOTE, false, Duration.ofMinutes(55));
        assertThat(ask(s, "1.5.0", GOOD, Duration.ofMinutes(70)).checks().get(1).detail())
                .isEqualTo("ran 70 min in staging, at least 60 min required");
    }

    @Test
    void aTagThatMovedToAnotherArtifactIsNamedAsSuch() {
        DeliveryScript s = history();
        DeploymentRef moved = staging("s-150x", "1.5.0", OTHER);
        s.deployed(moved, Duration.ofMinutes(100)).decided(moved, DecisionKind.PROMOTE, false, Duration.ofMinutes(110));
        assertThat(ask(s, "1.5.0", GOOD, Duration.ofMinutes(240)).reasons()).contains("version 1.5.0 was verified in"
                + " staging as sha256:b2b2b2b2b2b2, this request names sha256:a1a1a1a1a1a1: the tag moved to another"
                + " artifact");
    }

    @Test
    void withoutADigestRequiredTheVersionIsMatchedAndTheAnswerSaysSo() {
        ReleasePolicy lax = new ReleasePolicy("prod", "staging", Duration.ofHours(1), false, true, false, List.of(), List.of(), "none");
        ReleaseAnswer a = ReleaseGate.answer("shop", "prod", "1.5.0", null, lax, history().histories(),
                T0.plus(Duration.ofMinutes(90)));
        assertThat(a.decision()).isEqualTo("ALLOW");
        assertThat(a.checks().get(0).detail()).endsWith("; matched by version only, no digest named");
        assertThat(ReleaseGate.answer("shop", "prod", "9.9.9", null, lax, history().histories(),
                T0.plus(Duration.ofMinutes(90))).reasons()).contains("no digest named, so no verification in staging"
                + " can be matched to this artifact (nor was 9.9.9 verified there)");
    }

    @Test
    void everyFreezeInForceIsNamed() {
        ReleasePolicy twice = new ReleasePolicy("prod", "staging", Duration.ZERO, true, true, false, List.of(),
                List.of("2026-11-25T00:00:00Z/2026-11-26T00:00:00Z audit", "2026-11-20T00:00:00Z/2026-12-01T00:00:00Z migration"), "none");
        assertThat(ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, twice, history().histories(),
                T0.plus(Duration.ofMinutes(90))).reasons()).containsExactly("inside a change freeze (audit,"
                + " 2026-11-25T00:00:00Z to 2026-11-26T00:00:00Z; migration, 2026-11-20T00:00:00Z to 2026-12-01T00:00:00Z)");
    }

    private static GateRecord record(String kind, String digest, String who, Duration at, Duration validFor) {
        return new GateRecord(kind, kind + "-" + who, "shop", "prod", digest, who, List.of(kind.equals(GateRecord.APPROVAL)
                ? "approver" : "emergency"), "checked the change ticket", T0.plus(at), T0.plus(at).plus(validFor));
    }

    private static GateRecord scan(String digest, Map<String, Integer> findings, String attestedBy, Duration at,
                                   Duration validFor) {
        return new GateRecord(GateRecord.VULNERABILITIES, "scan-" + at, "shop", GateRecord.EVERY_ENVIRONMENT, digest,
                "trivy-bot", List.of("scanner"), "scanned by trivy 0.57", T0.plus(at), T0.plus(at).plus(validFor),
                findings, attestedBy, T0.plus(at));
    }

    @Test
    void noKnownVulnerabilityAtOrAboveTheBlockSeverityIsRequiredAndAnUnscannedArtifactBlocks() {
        ReleasePolicy high = new ReleasePolicy("prod", "staging", Duration.ofHours(1), true, true, false,
                List.of(), List.of(), "high");
        Instant at = T0.plus(Duration.ofMinutes(90));
        ReleaseAnswer unscanned = ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, high, history().histories(),
                List.of(), at);
        assertThat(unscanned.reasons()).containsExactly("no vulnerability summary of sha256:a1a1a1a1a1a1 that still"
                + " holds (a scanner records one: POST /vulnerability-summaries/shop, with a scanner role or a signed"
                + " attestation)");
        GateRecord clean = scan(GOOD, Map.of("critical", 0, "high", 0, "medium", 4), "ci", Duration.ofMinutes(60),
                Duration.ofDays(7));
        ReleaseAnswer ok = ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, high, history().histories(),
                List.of(clean), at);
        assertThat(ok.decision()).isEqualTo("ALLOW");
        assertThat(ok.checks().get(7).detail()).isEqualTo("no known vulnerability at or above high: 0 critical, 0 high,"
                + " 4 medium, 0 low, attested by key ci (posted by trivy-bot) at 2026-11-25T09:00:00Z");
        // One high blocks at "high"; the newest summary counts; another artifact's or an expired one is none.
        GateRecord newer = scan(GOOD, Map.of("high", 1), null, Duration.ofMinutes(70), Duration.ofDays(7));
        assertThat(ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, high, history().histories(),
                List.of(clean, newer), at).reasons()).singleElement().asString()
                .startsWith("sha256:a1a1a1a1a1a1 has 1 high known vulnerability (at or above high blocks)");
        // An older scan recorded later (a clean attestation posted again) does not hide the newer one.
        GateRecord replayed = new GateRecord(GateRecord.VULNERABILITIES, "replay", "shop", GateRecord.EVERY_ENVIRONMENT,
                GOOD, "pipeline", List.of("deployer"), "scanned by trivy 0.57", T0.plus(Duration.ofMinutes(80)),
                T0.plus(Duration.ofDays(7)), Map.of("high", 0), "ci", T0.plus(Duration.ofMinutes(1)));
        assertThat(ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, high, history().histories(),
                List.of(clean, newer, replayed), at).decision()).isEqualTo("BLOCK");
        for (GateRecord none : List.of(scan(OTHER, Map.of(), null, Duration.ofMinutes(60), Duration.ofDays(7)),
                scan(GOOD, Map.of(), null, Duration.ofMinutes(10), Duration.ofMinutes(30)))) {
            assertThat(ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, high, history().histories(), List.of(none),
                    at).decision()).as(none.toString()).isEqualTo("BLOCK");
        }
        assertThatThrownBy(() -> new ReleasePolicy("prod", "staging", Duration.ofHours(1), true, true, false,
                List.of(), List.of(), "severe")).hasMessageContaining("environments.prod.block-severity");
    }

    @Test
    void anApprovalOfThisArtifactStillValidIsRequiredWhenThePolicySaysSo() {
        ReleasePolicy approved = new ReleasePolicy("prod", "staging", Duration.ofHours(1), true, true, true,
                List.of(), List.of(), "none");
        Instant at = T0.plus(Duration.ofMinutes(90));
        ReleaseAnswer none = ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, approved, history().histories(),
                List.of(), at);
        assertThat(none.reasons()).containsExactly("no approval of sha256:a1a1a1a1a1a1 for prod (an approver role"
                + " records one: POST /approvals/{service}/prod)");
        List<GateRecord> approvals = List.of(record(GateRecord.APPROVAL, GOOD, "alice", Duration.ofMinutes(80),
                Duration.ofHours(24)));
        ReleaseAnswer yes = ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, approved, history().histories(),
                approvals, at);
        assertThat(yes.decision()).isEqualTo("ALLOW");
        assertThat(yes.checks().get(6).detail()).startsWith("approved by alice at 2026-11-25T09:20:00Z");
        // another artifact's approval, an expired one, or an exception are no approval of this one
        for (GateRecord other : List.of(record(GateRecord.APPROVAL, OTHER, "alice", Duration.ofMinutes(80),
                        Duration.ofHours(24)), record(GateRecord.APPROVAL, GOOD, "alice", Duration.ofMinutes(-80),
                        Duration.ofHours(1)), record(GateRecord.EXCEPTION, GOOD, "bob", Duration.ofMinutes(80),
                        Duration.ofHours(4)))) {
            assertThat(ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, approved, history().histories(),
                    List.of(other), at).decision()).as(other.toString()).isEqualTo("BLOCK");
        }
    }

    @Test
    void anEmergencyExceptionLetsThisArtifactThroughWindowsAndFreezesOnlyAndSaysSo() {
        Instant inFreeze = Instant.parse("2026-12-22T20:00:00Z"); // a Tuesday, 21:00 in Berlin: outside the window too
        List<GateRecord> exception = List.of(new GateRecord(GateRecord.EXCEPTION, "x1", "shop", "prod", GOOD, "bob",
                List.of("emergency"), "payment outage, fix INC-42", inFreeze.minusSeconds(60),
                inFreeze.plus(Duration.ofHours(4))));
        ReleaseAnswer a = ReleaseGate.answer("shop", "prod", "1.5.0", GOOD, PROD, history().histories(), exception,
                inFreeze);
        assertThat(a.decision()).isEqualTo("ALLOW");
        assertThat(a.checks().get(3).detail()).contains("let through by the emergency exception of bob")
                .endsWith("payment outage, fix INC-42");
        assertThat(a.checks().get(4).detail()).startsWith("inside a change freeze (year-end freeze");
        // it does not stand in for staging: another artifact, never verified, stays blocked
        List<GateRecord> forOther = List.of(new GateRecord(GateRecord.EXCEPTION, "x2", "shop", "prod", OTHER, "bob",
                List.of("emergency"), "hotfix", inFreeze.minusSeconds(60), inFreeze.plus(Duration.ofHours(4))));
        assertThat(ReleaseGate.answer("shop", "prod", "1.6.0", OTHER, PROD, history().histories(), forOther, inFreeze)
                .reasons()).contains("sha256:b2b2b2b2b2b2 was never verified in staging");
    }
}
