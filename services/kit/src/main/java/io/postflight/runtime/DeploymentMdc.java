package io.postflight.runtime;

import io.postflight.contracts.DeploymentRef;
import org.slf4j.MDC;

/**
 * Puts a deployment's id, slot and phase into the logging MDC for the span of a try block, so that
 * every JSON log line written while handling that deployment carries them.
 */
public final class DeploymentMdc implements AutoCloseable {

    private DeploymentMdc() {
    }

    public static DeploymentMdc of(DeploymentRef deployment, String phase) {
        MDC.put("deploymentId", deployment.deploymentId());
        MDC.put("slot", deployment.slot());
        if (phase != null) {
            MDC.put("phase", phase);
        }
        return new DeploymentMdc();
    }

    @Override
    public void close() {
        MDC.remove("deploymentId");
        MDC.remove("slot");
        MDC.remove("phase");
    }
}
