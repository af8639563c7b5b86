package io.postflight.contracts;

import java.util.List;
import java.util.Map;

/**
 * The topic catalogue: every topic Postflight reads or writes, in one place (also documented in
 * {@code contracts/README.md}). Internal topics are keyed by slot ({@code service/environment}) so
 * that every event about one service and environment lands in the same partition, in order, and a
 * new deployment meets the one it supersedes in the same stream task.
 */
public final class Topics {

    private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
    private static final String MONTH_MS = String.valueOf(30L * 24 * 3600 * 1000);

    /** Deploy announcements from CD systems: CDEvents (binary or structured CloudEvents) or plain JSON. */
    public static final TopicSpec DEPLOY_EVENTS = new TopicSpec("postflight.deploy-events",
            "any (CD system's choice)", "CloudEvents/CDEvents or " + "postflight.deploy/1", 3,
            Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS));

    /** Accepted deployments whose verification begins. */
    public static final TopicSpec VERIFICATIONS = new TopicSpec("postflight.verifications",
            "slot (service/environment)", VerificationStarted.SCHEMA, 3,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** Each verifier's conclusion per phase. */
    public static final TopicSpec PHASE_RESULTS = new TopicSpec("postflight.phase-results",
            "slot (service/environment)", PhaseResult.SCHEMA, 3,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** ROLLBACK / PROMOTE / HOLD, for CD systems to act on. */
    public static final TopicSpec DECISIONS = new TopicSpec("postflight.decisions",
            "slot (service/environment)", Decision.SCHEMA, 3,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** Latest state per deployment, for dashboards: compacted. */
    public static final TopicSpec VERDICTS = new TopicSpec("postflight.verdicts",
            "deployment id", Verdict.SCHEMA, 3,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));

    /** Pages for on-call: rollbacks (critical) and holds (warning). */
    public static final TopicSpec ALERTS = new TopicSpec("postflight.alerts",
            "slot (service/environment)", Alert.SCHEMA, 3,
            Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS));

    /**
     * Records no consumer could use, byte for byte as they came (or, when too large to copy, a
     * reference to them: see {@link #DLQ_PAYLOAD}), with the reason in headers.
     */
    public static final TopicSpec DEAD_LETTER = new TopicSpec("postflight.dead-letter",
            "the original key", "the original bytes; headers postflight.dlq.*", 1,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** Header names on dead-letter records. */
    public static final String DLQ_REASON = "postflight.dlq.reason";
    public static final String DLQ_DETAIL = "postflight.dlq.detail";
    public static final String DLQ_SOURCE_TOPIC = "postflight.dlq.source-topic";
    public static final String DLQ_SOURCE_PARTITION = "postflight.dlq.source-partition";
    public static final String DLQ_SOURCE_OFFSET = "postflight.dlq.source-offset";
    public static final String DLQ_CONSUMER = "postflight.dlq.consumer";
    /**
     * How the dead letter carries the rejected record: {@code original} (its bytes as they came) or
     * {@code reference} (a JSON reference to topic, partition, offset, size and SHA-256, because the
     * bytes would not fit the dead-letter topic).
     */
    public static final String DLQ_PAYLOAD = "postflight.dlq.payload";
    /** How many of the original headers were left off to keep the dead letter small (absent when none). */
    public static final String DLQ_HEADERS_DROPPED = "postflight.dlq.headers-dropped";

    private Topics() {
    }

    /** The whole catalogue. */
    public static List<TopicSpec> all() {
        return List.of(DEPLOY_EVENTS, VERIFICATIONS, PHASE_RESULTS, DECISIONS, VERDICTS, ALERTS, DEAD_LETTER);
    }
}
