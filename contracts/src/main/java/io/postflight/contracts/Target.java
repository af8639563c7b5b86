package io.postflight.contracts;

import java.util.Objects;

/**
 * One instance of the deployed version to probe.
 *
 * @param instance instance name (pod, host), unique within the deployment
 * @param url base URL of the instance, e.g. {@code http://10.0.0.7:8080}; health paths are appended
 */
public record Target(String instance, String url) {
    public Target {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(url, "url");
    }
}
