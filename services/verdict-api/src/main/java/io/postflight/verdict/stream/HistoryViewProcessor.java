package io.postflight.verdict.stream;

import io.postflight.contracts.Json;
import io.postflight.contracts.Verdict;
import io.postflight.verdict.history.DeploymentHistory;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store ({@link VerdictApiTopology#VIEW}) equal to the history topic, on every
 * instance, and offers each changed verdict to the {@link VerdictFeed}. Values are kept as the
 * topic's bytes and decoded when read, so a record that cannot be read is skipped there, never
 * stopping this thread.
 */
final class HistoryViewProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryViewProcessor.class);
    private final VerdictFeed feed;
    private KeyValueStore<String, byte[]> view;

    HistoryViewProcessor(VerdictFeed feed) {
        this.feed = feed;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.view = context.getStateStore(VerdictApiTopology.VIEW);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        byte[] before = view.get(record.key());
        if (record.value() == null) {
            view.delete(record.key());
            return;
        }
        view.put(record.key(), record.value());
        if (record.key().startsWith(HistoryKeys.DEPLOYMENT)) {
            Verdict now = verdictOf(record.value());
            if (now != null && !Objects.equals(now, before == null ? null : verdictOf(before))) {
                feed.publish(now);
            }
        }
    }

    private static Verdict verdictOf(byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, DeploymentHistory.class).verdict();
        } catch (IOException | RuntimeException e) {
            LOG.warn("history record not readable, its verdict is not streamed: {}", e.getMessage());
            return null;
        }
    }
}
