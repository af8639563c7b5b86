package io.postflight.gateway;

import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.intake.DeployEventDecoder;
import io.postflight.contracts.intake.RejectedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What the gateway accepts as a deploy event, in one place for both ways in: the Kafka intake
 * ({@link DeployEventDecodeProcessor}) and the HTTP intake ({@code io.postflight.gateway.http}),
 * which runs it in the request so that a caller hears at once what the stream would have
 * dead-lettered. Pure: the decoder and the settings, no I/O, the time as a parameter.
 */
public final class DeployEventIntake {
    private final DeployEventDecoder decoder;
    private final GatewayConfig config;

    public DeployEventIntake(DeployEventDecoder decoder, GatewayConfig config) {
        this.decoder = decoder;
        this.config = config;
    }

    /**
     * @param headers a deploy-events record's headers as the Kafka binding names them ({@code ce_*},
     *     {@code content-type}), last value per name
     * @param value the record's value
     * @throws RejectedEventException what the Kafka intake dead-letters, with the reason
     */
    public DeployEvent decode(Map<String, String> headers, byte[] value) throws RejectedEventException {
        return decoder.decode(headers, value);
    }

    /** Whether an event announced at {@code announcedAtMillis} is too old to verify at {@code nowMillis}. */
    public boolean tooOldToVerify(long announcedAtMillis, long nowMillis) {
        return nowMillis - announcedAtMillis > config.maxEventAge().toMillis();
    }

    /** Largest deploy event accepted, in bytes ({@code postflight.gateway.max-event-bytes}). */
    public int maxEventBytes() {
        return config.maxEventBytes();
    }

    /** A record's headers as {@link #decode} takes them: case-insensitive names, the last value of each. */
    public static Map<String, String> headers(Headers headers) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : headers) {
            m.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }
}
