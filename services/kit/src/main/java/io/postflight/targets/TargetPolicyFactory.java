package io.postflight.targets;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The service's one target policy, from {@code postflight.target-policy.*}; a malformed CIDR stops start-up. */
@Factory
public class TargetPolicyFactory {
    @Singleton
    TargetPolicy targetPolicy(TargetPolicyConfig config) {
        return new TargetPolicy(config);
    }
}
