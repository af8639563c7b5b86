package io.postflight.verdict.stream;

import io.postflight.contracts.Json;
import io.postflight.kafka.ContractInputs;
import io.postflight.kafka.DeadLetters;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import io.postflight.verdict.history.DeploymentHistory;
import io.postflight.verdict.history.HistoryAssembly;
import io.postflight.verdict.history.HistoryInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each deployment's history ({@link #HISTORIES}, by deployment id) and each slot's newest
 * deployment ({@link #SLOTS}), both with changelogs, and publishes every changed history to the
 * history topic, under its deployment key and, for a slot's newest deployment, its slot key.
 * Histories idle longer than {@code retention} are deleted, with tombstones on the history topic.
 */
final class HistoryProcessor implements Processor<String, byte[], String, Outgoing> {
    static final String HISTORIES = "verdict-api-histories";
    static final String SLOTS = "verdict-api-slots";
    private static final Duration SWEEP = Duration.ofMinutes(10);

    private final String historyTopic;
    private final Duration retention;
    private final RecordMetrics metrics;
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, DeploymentHistory> histories;
    private KeyValueStore<String, SlotLatest> slots;

    HistoryProcessor(String historyTopic, Duration retention, RecordMetrics metrics) {
        this.historyTopic = historyTopic;
        this.retention = retention;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.histories = context.getStateStore(HISTORIES);
        this.slots = context.getStateStore(SLOTS);
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        HistoryInput input;
        try {
            input = Json.MAPPER.readValue(record.value(), HistoryInput.class);
        } catch (java.io.IOException | RuntimeException e) {
            DeadLetters.reject(context, record, HistoryDecodeProcessor.CONSUMER, ContractInputs.HANDLER_FAILED,
                    "not a history input: " + e.getMessage(), metrics);
            return;
        }
        String id = input.deployment().deploymentId();
        String slot = input.deployment().slot();
        DeploymentHistory before = histories.get(id);
        DeploymentHistory after = HistoryAssembly.apply(before, input);
        if (after.equals(before)) {
            return;
        }
        histories.put(id, after);
        publish(HistoryKeys.deployment(id), after, record.timestamp());
        SlotLatest latest = slots.get(slot);
        if (latest == null || latest.deploymentId().equals(id) || latest.olderThan(after.startedAt())) {
            slots.put(slot, new SlotLatest(id, after.startedAt()));
            publish(HistoryKeys.slot(slot), after, record.timestamp());
        }
    }

    private void publish(String key, DeploymentHistory history, long timestamp) {
        context.forward(new Record<>(key, new Outgoing(historyTopic,
                history == null ? null : JsonSerde.toBytes(history)), timestamp));
    }

    /** Deletes histories idle longer than the retention, and slot entries pointing at them. */
    private void sweep(long nowMs) {
        Instant cutoff = Instant.ofEpochMilli(nowMs).minus(retention);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, DeploymentHistory> all = histories.all()) {
            while (all.hasNext()) {
                KeyValue<String, DeploymentHistory> e = all.next();
                if (e.value.updatedAt() != null && e.value.updatedAt().isBefore(cutoff)) {
                    expired.add(e.key);
                }
            }
        }
        for (String id : expired) {
            String slot = histories.get(id).deployment().slot();
            histories.delete(id);
            publish(HistoryKeys.deployment(id), null, nowMs);
            SlotLatest latest = slots.get(slot);
            if (latest != null && latest.deploymentId().equals(id)) {
                slots.delete(slot);
                publish(HistoryKeys.slot(slot), null, nowMs);
            }
        }
    }
}
