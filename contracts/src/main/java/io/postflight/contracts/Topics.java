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

    /**
     * Partitions of every topic but the dead letter, for new installations: how many instances of
     * a service can share the work (a stream task per partition). Sized for scale-out; an existing
     * installation keeps its count (docs/upgrade.md), and {@code postflight.kafka.partitions}
     * changes it for topics created from now on.
     */
    public static final int DEFAULT_PARTITIONS = 12;

    private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
    private static final String MONTH_MS = String.valueOf(30L * 24 * 3600 * 1000);
    private static final String YEAR_MS = String.valueOf(365L * 24 * 3600 * 1000);

    /** Deploy announcements from CD systems: CDEvents (binary or structured CloudEvents) or plain JSON. */
    public static final TopicSpec DEPLOY_EVENTS = new TopicSpec("postflight.deploy-events",
            "any (CD system's choice)", "CloudEvents/CDEvents or " + "postflight.deploy/1", DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS));

    /** Accepted deployments whose verification begins. */
    public static final TopicSpec VERIFICATIONS = new TopicSpec("postflight.verifications",
            "slot (service/environment)", VerificationStarted.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /**
     * The new version's pods as discovered in Kubernetes (ADR 0029): full snapshots per deployment,
     * the newest sequence winning, read by the health verifier in the task of its slot.
     */
    public static final TopicSpec TARGETS = new TopicSpec("postflight.targets",
            "slot (service/environment)", TargetsChanged.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS));

    /** Each verifier's conclusion per phase. */
    public static final TopicSpec PHASE_RESULTS = new TopicSpec("postflight.phase-results",
            "slot (service/environment)", PhaseResult.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** ROLLBACK / PROMOTE / HOLD, for CD systems to act on. */
    public static final TopicSpec DECISIONS = new TopicSpec("postflight.decisions",
            "slot (service/environment)", Decision.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** Latest state per deployment, for dashboards: compacted. */
    public static final TopicSpec VERDICTS = new TopicSpec("postflight.verdicts",
            "deployment id", Verdict.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));

    /** Pages for on-call: rollbacks (critical) and holds (warning). */
    public static final TopicSpec ALERTS = new TopicSpec("postflight.alerts",
            "slot (service/environment)", Alert.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS));

    /**
     * Operators' overrides (PROMOTE, ROLLBACK, RELEASE_HOLD, EXTEND, ABORT), keyed by slot like the
     * decisions, so an override reaches the task that holds its deployment's state.
     */
    public static final TopicSpec OVERRIDES = new TopicSpec("postflight.overrides",
            "slot (service/environment)", OverrideCommand.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));

    /** What became of each override (applied or refused, who, why, verdict before and after): kept a year. */
    public static final TopicSpec AUDIT = new TopicSpec("postflight.audit",
            "slot (service/environment)", AuditRecord.SCHEMA, DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", YEAR_MS));

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
        return List.of(DEPLOY_EVENTS, VERIFICATIONS, TARGETS, PHASE_RESULTS, DECISIONS, VERDICTS, ALERTS, OVERRIDES,
                AUDIT, DEAD_LETTER);
    }

    /**
     * The topics keyed by slot. They must have one partition count: the producers' partitioner
     * maps a key to a partition by the topic's count, and a service reading two of them in one task
     * (verifications and phase results) would otherwise see one slot's records in different tasks.
     */
    public static List<TopicSpec> keyedBySlot() {
        return List.of(VERIFICATIONS, TARGETS, PHASE_RESULTS, DECISIONS, ALERTS, OVERRIDES, AUDIT);
    }

    /**
     * The topics whose partition count bounds how many instances share the work: all but the dead
     * letter, which nothing reads in a stream task.
     */
    public static List<TopicSpec> sizedForScaleOut() {
        return all().stream().filter(t -> t != DEAD_LETTER).toList();
    }
}
