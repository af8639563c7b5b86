package io.postflight.benchmarks.load;

import io.micronaut.context.ApplicationContext;
import io.postflight.local.LocalStack;
import io.postflight.testing.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One Postflight service as it ships, in this JVM, on an in-JVM broker: what every load benchmark
 * starts. Per-deployment log lines are turned down to warnings so the console carries the figures.
 */
final class ServiceUnderLoad implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final ApplicationContext context;
    private final long readyMillis;

    private ServiceUnderLoad(EmbeddedKafka kafka, ApplicationContext context, long readyMillis) {
        this.kafka = kafka;
        this.context = context;
        this.readyMillis = readyMillis;
    }

    /** Starts a broker, then {@code service} with {@code properties}; returns once its streams run. */
    static ServiceUnderLoad start(String service, Map<String, Object> properties) throws Exception {
        System.setProperty("logback.configurationFile", "logback-local.xml");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            Path state = Files.createTempDirectory("postflight-load-" + service);
            Map<String, Object> p = new HashMap<>(properties);
            p.put("postflight.kafka.bootstrap-servers", kafka.bootstrapServers());
            p.put("postflight.state-dir", state.toString());
            p.put("micronaut.application.name", "postflight-" + service + "-load");
            p.put("logger.levels.io.postflight", "WARN");
            long t0 = System.nanoTime();
            ApplicationContext ctx = LocalStack.startService(service, new String[0], p);
            KafkaStreams streams = ctx.getBean(KafkaStreams.class);
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(service + ": streams " + streams.state());
                }
                Thread.sleep(20);
            }
            return new ServiceUnderLoad(kafka, ctx, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    ApplicationContext context() {
        return context;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** From the service's start to its streams running, the broker already up. */
    long readyMillis() {
        return readyMillis;
    }

    KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            kafka.close();
        }
    }
}
