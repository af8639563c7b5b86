package io.postflight.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last way out for a record a processor produced but Kafka refuses to take
 * ({@code default.production.exception.handler} of every service, set once in the kit's
 * {@code application.yml}): a record too large for the producer or the topic, or one that cannot
 * be serialised, is logged with its topic, size and source, counted as
 * {@code postflight.records.unwritable}, and skipped, so that it cannot fail the stream thread
 * again and again. Every other error fails as Kafka Streams would.
 *
 * <p>This is a backstop: dead letters are made to fit ({@link DeadLetters}) and contract records are
 * small. Under exactly-once the refused send still aborts the transaction once; the record that
 * caused it is then produced again and refused again, so an output that never fits must not be
 * made in the first place. Kafka Streams creates this handler by class name; each service hands it
 * its record metrics by application id ({@link #register}).
 */
public class UnwritableRecordHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UnwritableRecordHandler.class);
    private static final Map<String, RecordMetrics> METRICS = new ConcurrentHashMap<>();

    private String applicationId = "";

    /** Called by each service before its client starts (several services may share a JVM). */
    public static void register(String applicationId, RecordMetrics metrics) {
        METRICS.put(applicationId, metrics);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        applicationId = id == null ? "" : id.toString();
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return ProductionExceptionHandlerResponse.FAIL;
        }
        skip(context, record, exception, "too-large");
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
                                                                           ProducerRecord record, Exception exception,
                                                                           SerializationExceptionOrigin origin) {
        skip(context, record, exception, "unserialisable");
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    private void skip(ErrorHandlerContext context, ProducerRecord<?, ?> record, Exception exception, String why) {
        int size = record.value() instanceof byte[] b ? b.length : -1;
        LOG.error("not writing a record to {} ({} bytes, {}), produced while processing {}-{}@{}: {}",
                record.topic(), size, why, context == null ? "?" : context.topic(),
                context == null ? -1 : context.partition(), context == null ? -1 : context.offset(),
                exception.getMessage());
        RecordMetrics metrics = METRICS.get(applicationId);
        if (metrics != null) {
            metrics.unwritable(record.topic(), why);
        }
    }
}
