package io.postflight.verdict.stream;

import io.postflight.contracts.TopicSpec;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import io.postflight.verdict.history.DeploymentHistory;
import io.postflight.verdict.history.HistorySources;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The verdict API's topology:
 * <ol>
 *   <li>the history sources ({@link HistorySources}) → {@link HistoryDecodeProcessor} (dead letters
 *       for what cannot be read) → regrouped by slot ({@code verdict-api-history-inputs}
 *       repartition topic);</li>
 *   <li>→ {@link HistoryProcessor} (stores {@code verdict-api-histories}, {@code verdict-api-slots},
 *       with changelogs) → the history topic {@link #HISTORY} (compacted);</li>
 *   <li>the history topic → the global store {@link #VIEW} on every instance, which the HTTP API
 *       reads, and the verdict feed.</li>
 * </ol>
 * Free of Micronaut so tests can run it in Kafka's TopologyTestDriver.
 */
public final class VerdictApiTopology {
    /** Marks a decoded record for the regrouping (never a topic). */
    static final String HISTORY_INPUT = "verdict-api:history-input";
    /** The global store of histories by {@link HistoryKeys}. */
    public static final String VIEW = "verdict-api-view";
    /** Assembled histories, keyed by {@link HistoryKeys}: the verdict API's own topic, not a contract. */
    public static final TopicSpec HISTORY = new TopicSpec("postflight.verdict-api.histories",
            "deployment:<id> or slot:<service>/<environment>", "DeploymentHistory (verdict API internal)", 12,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));

    /**
     * The release gate's approvals, emergency exceptions and vulnerability summaries, keyed {@code <kind>:<id>}: the verdict
     * API's own topic, written by its HTTP endpoints and read back into {@link #GATE_RECORDS_VIEW}.
     * Append-only (deleted never, compacted never), so it is also their audit trail: a record
     * written again under the same key stays visible in the log beside the first.
     */
    public static final TopicSpec GATE_RECORDS = new TopicSpec("postflight.verdict-api.gate-records",
            "approval:<id>, exception:<id> or vulnerabilities:<id>", "GateRecord (verdict API internal)", 12,
            Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
    /**
     * Every release gate answer, ALLOW or BLOCK with its reasons and who asked, as a CloudEvent
     * carrying a CDEvents custom event ({@code GateAnswerEvent}), keyed {@code <service>/<environment>}:
     * for CD tools, dashboards and auditors that follow the bus. Append-only, kept like the gate records.
     */
    public static final TopicSpec GATE_ANSWERS = new TopicSpec("postflight.verdict-api.gate-answers",
            "<service>/<environment>", "CloudEvent dev.cdeventsx.postflight-releasegate.answered.0.1.0", 12,
            Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
    /** The global store of {@link #GATE_RECORDS} on every instance. */
    public static final String GATE_RECORDS_VIEW = "verdict-api-gate-records";

    private VerdictApiTopology() {
    }

    /** Adds the topology to {@code builder}; returns the source stream. */
    public static KStream<String, byte[]> build(StreamsBuilder builder, Duration retention, RecordMetrics metrics, VerdictFeed feed) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HistoryProcessor.HISTORIES),
                Serdes.String(), JsonSerde.of(DeploymentHistory.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HistoryProcessor.SLOTS),
                Serdes.String(), JsonSerde.of(SlotLatest.class)).withCachingEnabled());
        KStream<String, byte[]> source = builder.stream(HistorySources.topics().stream().map(TopicSpec::name)
                .toList(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("verdict-api-inputs"));
        KStream<String, Outgoing> decoded = source.process(() -> new HistoryDecodeProcessor(metrics), Named.as("verdict-api-decode"));
        decoded.split(Named.as("verdict-api-decoded-"))
                .branch((k, v) -> HISTORY_INPUT.equals(v.topic()), Branched.withConsumer(inputs -> inputs
                        .mapValues(Outgoing::value, Named.as("verdict-api-input-bytes"))
                        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                                .withName("verdict-api-history-inputs"))
                        .process(() -> new HistoryProcessor(HISTORY.name(), retention, metrics),
                                Named.as("verdict-api-history"), HistoryProcessor.HISTORIES, HistoryProcessor.SLOTS)
                        .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.serde())
                                .withName("verdict-api-history-out")), "history"))
                .defaultBranch(Branched.withConsumer(rejected -> rejected.to(Outgoing.ROUTER,
                        Produced.with(Serdes.String(), Outgoing.serde()).withName("verdict-api-dead-letters")),
                        "rejected"));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VIEW), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), HISTORY.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("verdict-api-view-source"),
                () -> new HistoryViewProcessor(feed));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GATE_RECORDS_VIEW),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(), GATE_RECORDS.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("verdict-api-gate-records-source"),
                () -> new CopyProcessor(GATE_RECORDS_VIEW));
        return source;
    }
}
