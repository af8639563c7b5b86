package io.postflight.drift;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Target;
import java.util.List;

/**
 * Told which deployments are being watched, for providers that must act before they can be
 * asked (the scrape provider reads the instances' pages on its own schedule). Called on the
 * stream thread; must return at once. {@link #watching} may be called again for a deployment
 * already watched (after a restart, by a new processor) and must then do nothing.
 */
public interface DriftWatchListener {

    /** Nothing to do: the provider keeps its own history (Prometheus). */
    DriftWatchListener NONE = new DriftWatchListener() {
        @Override
        public void watching(DeploymentRef deployment, List<Target> targets) {
        }

        @Override
        public void stopped(DeploymentRef deployment) {
        }
    };

    void watching(DeploymentRef deployment, List<Target> targets);

    void stopped(DeploymentRef deployment);
}
