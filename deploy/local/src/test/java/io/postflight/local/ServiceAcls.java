package io.postflight.local;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs docs/kafka-security.md gives a Postflight service's user, as bindings: read on its
 * inputs, write on its outputs, its consumer group, its Kafka Streams internal topics (prefix
 * {@code APP-}), its transactional ids (prefix {@code APP}), and describing the cluster and its
 * configuration (the Kafka health indicator). A test that runs the services under exactly these
 * proves the documented list is enough.
 */
final class ServiceAcls {

    private ServiceAcls() {
    }

    /** {@code app} null: a plain client (a CD system), no group, no Kafka Streams. */
    static List<AclBinding> of(String user, String app, List<String> reads, List<String> writes) {
        List<AclBinding> acls = new ArrayList<>();
        String principal = "User:" + user;
        reads.forEach(t -> {
            acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.DESCRIBE));
        });
        writes.forEach(t -> {
            acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.DESCRIBE));
        });
        if (app != null) {
            acls.add(allow(principal, ResourceType.GROUP, app, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, app + "-", PatternType.PREFIXED, AclOperation.ALL));
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, app, PatternType.PREFIXED, AclOperation.WRITE));
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, app, PatternType.PREFIXED, AclOperation.DESCRIBE));
            acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                    AclOperation.DESCRIBE_CONFIGS));
            acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
