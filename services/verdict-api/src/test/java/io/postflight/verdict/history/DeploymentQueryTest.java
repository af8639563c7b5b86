package io.postflight.verdict.history;

import static io.postflight.verdict.history.Histories.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.VerdictState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentQueryTest {

    private static DeploymentHistory deployment(String id, String service, String env, long at, VerdictState state) {
        DeploymentRef d = Histories.ref(id, service, env);
        return state == null ? Histories.of(HistoryInput.of(Histories.started(d, at)))
                : Histories.of(HistoryInput.of(Histories.started(d, at)), HistoryInput.of(Histories.verdict(d, state, at + 60)));
    }

    private final List<DeploymentHistory> all = List.of(
            deployment("a", "shop", "prod", 100, VerdictState.PROMOTED),
            deployment("b", "shop", "prod", 300, VerdictState.ROLLED_BACK),
            deployment("c", "shop", "staging", 200, null),
            deployment("d", "cart", "prod", 300, VerdictState.HELD),
            deployment("e", "shop", "prod", 500, VerdictState.HELD));

    private static List<String> ids(DeploymentPage page) {
        return page.items().stream().map(s -> s.deployment().deploymentId()).toList();
    }

    @Test
    void listsNewestFirstThenById() {
        DeploymentPage page = new DeploymentQuery(null, null, null, null, null, 10, null).page(all);
        assertThat(ids(page)).containsExactly("e", "b", "d", "c", "a");
        assertThat(page.next()).isNull();
    }

    @Test
    void filtersByServiceEnvironmentStateAndTime() {
        assertThat(ids(new DeploymentQuery("shop", "prod", null, null, null, 10, null).page(all)))
                .containsExactly("e", "b", "a");
        assertThat(ids(new DeploymentQuery(null, null, VerdictState.HELD, null, null, 10, null).page(all)))
                .containsExactly("e", "d");
        assertThat(ids(new DeploymentQuery(null, null, VerdictState.VERIFYING, null, null, 10, null).page(all)))
                .containsExactly("c");
        assertThat(ids(new DeploymentQuery(null, null, null, T0.plusSeconds(200), T0.plusSeconds(500), 10, null)
                .page(all))).as("from inclusive, to exclusive").containsExactly("b", "d", "c");
    }

    @Test
    void pagesFollowTheCursorWithoutRepeatsOrGapsEvenWhenNewDeploymentsArrive() {
        DeploymentQuery first = new DeploymentQuery(null, null, null, null, null, 2, null);
        DeploymentPage p1 = first.page(all);
        assertThat(ids(p1)).containsExactly("e", "b");
        List<DeploymentHistory> grown = new ArrayList<>(all);
        grown.add(deployment("f", "shop", "prod", 900, null));
        DeploymentPage p2 = new DeploymentQuery(null, null, null, null, null, 2, PageCursor.decode(p1.next())).page(grown);
        assertThat(ids(p2)).containsExactly("d", "c");
        DeploymentPage p3 = new DeploymentQuery(null, null, null, null, null, 2, PageCursor.decode(p2.next())).page(grown);
        assertThat(ids(p3)).containsExactly("a");
        assertThat(p3.next()).isNull();
    }

    @Test
    void aCursorNotMadeHereIsRefused() {
        assertThatThrownBy(() -> PageCursor.decode("bm90LWEtY3Vyc29y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageCursor.decode("%%%")).isInstanceOf(IllegalArgumentException.class);
    }
}
