package io.postflight.provider.kubernetes;

import static io.postflight.provider.kubernetes.ClusterFixture.DIGEST_NEW;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster without Argo Rollouts: the mock API server in expectation mode answers 404 to every
 * request not expected, as a real one does for a resource whose CRD is not installed. Not covered:
 * a {@link PodWatch} for kind auto there (its Rollout informer's start against a real API server).
 */
@EnableKubernetesMockClient(https = false)
class ClusterWithoutRolloutsTest {

    static KubernetesClient client;

    @Test
    void listingRolloutsWhereTheResourceIsUnknownFindsNone() {
        assertThat(new ApiServerReads(client).rollouts("shop", null, Map.of("app.kubernetes.io/name", "cart")))
                .isEmpty();
    }

    @Test
    void aRolloutLookedForByNameOrLabelsIsReportedMissingNotThrown() {
        NewVersionPods finder = new NewVersionPods("prod-eu", client);
        ExpectedIdentity expected = ExpectedIdentity.of(DIGEST_NEW, null);

        assertThat(finder.find(WorkloadRef.named("shop", WorkloadKind.ROLLOUT, "cart"), expected).problem())
                .isEqualTo("no Rollout 'cart' in namespace shop");
        assertThat(finder.find(new WorkloadRef("shop", WorkloadKind.ROLLOUT, null, null, "cart", null, null, null,
                100), expected).problem())
                .isEqualTo("no Rollout labelled {app.kubernetes.io/name=cart} in namespace shop");
    }
}
