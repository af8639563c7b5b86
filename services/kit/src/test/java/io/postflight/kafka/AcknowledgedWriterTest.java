package io.postflight.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class AcknowledgedWriterTest {

    @Test
    void anAcknowledgedWriteIsIdempotentWithAcksAllWhateverTheClientSettingsSay() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "kafka:9092");
        client.put("security.protocol", "SSL");
        client.put(ProducerConfig.ACKS_CONFIG, "1");
        client.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        client.put("group.id", "not-a-producer-setting");

        Properties p = AcknowledgedWriter.settings(client, "intake", Duration.ofSeconds(7));

        assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 7000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 7000)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .doesNotContainKey("group.id");
    }
}
