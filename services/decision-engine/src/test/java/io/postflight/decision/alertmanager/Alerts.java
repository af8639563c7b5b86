package io.postflight.decision.alertmanager;

import io.postflight.contracts.Alert;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts as the decision engine publishes them, for the tests of this package. */
final class Alerts {
    static final Instant DECIDED = Instant.parse("2025-05-01T10:15:30Z");

    private Alerts() {
    }

    /** The alert of a decision on {@code checkout} 2.4.0 (replacing 2.3.9) in {@code prod}. */
    static Alert of(String deploymentId, DecisionKind kind, boolean postPromotion, Instant decidedAt,
                    String... reasons) {
        DeploymentRef dep = new DeploymentRef(deploymentId, "checkout", "prod", "2.4.0", "sha256:ab12", "2.3.9");
        String id = deploymentId + ":" + kind.name().toLowerCase() + (postPromotion ? ":post-promotion" : "");
        Decision d = new Decision(Decision.SCHEMA, id, dep, kind, postPromotion, List.of(reasons), List.of(),
                Map.of(Phase.HEALTH, kind == DecisionKind.ROLLBACK ? PhaseOutcome.FAILED : PhaseOutcome.INCONCLUSIVE),
                decidedAt, new EventRef("evt-1", "/cd/argo", "dev.cdevents.service.deployed.0.2.0", decidedAt));
        Alert alert = Alert.forDecision(d);
        return alert != null ? alert : new Alert(Alert.SCHEMA, id, null, null, d);
    }

    static Alert rollback(String deploymentId) {
        return of(deploymentId, DecisionKind.ROLLBACK, false, DECIDED,
                "HEALTH FAILED: checkout-0 crash-looping (3 restarts in 2 min)", "error rate 12.0 % > 1.0 %");
    }
}
