package io.postflight.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings for a service's Micronaut context started only to bind and check its configuration:
 * no HTTP port, no topic provisioning, and Kafka pointed at a port where no broker listens.
 */
public final class NoBroker {

    private NoBroker() {
    }

    /** A mutable map of those settings, for a test to add its own. */
    public static Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("postflight.kafka.provision-topics", false);
        // No broker: the partition check gives up after this and warns (it would wait 30 s).
        props.put("postflight.kafka.provision-timeout", "1s");
        props.put("postflight.kafka.bootstrap-servers", "127.0.0.1:1");
        return props;
    }
}
