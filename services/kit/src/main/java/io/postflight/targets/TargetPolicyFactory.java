package io.postflight.targets;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The service's one target policy, from {@code postflight.targets.*}; a malformed CIDR stops start-up. */
@Factory
public class TargetPolicyFactory {
    @Singleton
    TargetPolicy targetPolicy(TargetsConfig config) {
        return new TargetPolicy(config);
    }
}
