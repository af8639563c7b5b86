package io.postflight.benchmarks.load;

import io.micronaut.context.ApplicationContext;
import io.postflight.local.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One Postflight service as it ships, in this JVM, on an in-JVM broker: what every load benchmark
 * starts. Per-deployment log lines are turned down to warnings so the console carries the figures.
 */
final class ServiceUnderLoad implements AutoCloseable {
    private final LoadBroker kafka;
    private final ApplicationContext context;
    private final long readyMillis;
    private final java.util.List<ApplicationContext> others = new java.util.ArrayList<>();

    private ServiceUnderLoad(LoadBroker kafka, ApplicationContext context, long readyMillis) {
        this.kafka = kafka;
        this.context = context;
        this.readyMillis = readyMillis;
    }

    /** Starts a broker, then {@code service} with {@code properties}; returns once its streams run. */
    static ServiceUnderLoad start(String service, Map<String, Object> properties) throws Exception {
        System.setProperty("logback.configurationFile", "logback-local.xml");
        LoadBroker kafka = LoadBroker.start();
        try {
            long t0 = System.nanoTime();
            ApplicationContext ctx = startOn(kafka, service, properties);
            return new ServiceUnderLoad(kafka, ctx, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * Another instance of {@code service} on the same broker (same application id, its own state
     * folder and HTTP port): the two share the partitions. Returns once its streams run.
     */
    ApplicationContext startAnother(String service, Map<String, Object> properties) throws Exception {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("micronaut.server.port", -1);
        ApplicationContext ctx = startOn(kafka, service, p);
        others.add(ctx);
        return ctx;
    }

    private static ApplicationContext startOn(LoadBroker kafka, String service, Map<String, Object> properties)
            throws Exception {
        Path state = Files.createTempDirectory("postflight-load-" + service);
        Map<String, Object> p = new HashMap<>(properties);
        p.put("postflight.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("postflight.state-dir", state.toString());
        p.put("micronaut.application.name", "postflight-" + service + "-load");
        p.put("logger.levels.io.postflight", "WARN");
        ApplicationContext ctx = LocalStack.startService(service, new String[0], p);
        KafkaStreams streams = ctx.getBean(KafkaStreams.class);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                ctx.close();
                throw new IllegalStateException(service + ": streams " + streams.state());
            }
            Thread.sleep(20);
        }
        return ctx;
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

    /**
     * A consumer of {@code topic} as CD tools and on-call read it ({@code read_committed}), from
     * the beginning, its fetches answered within 10 ms so the consumer adds little to a latency.
     */
    KafkaConsumer<String, byte[]> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "load-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    @Override
    public void close() {
        try {
            others.forEach(ApplicationContext::close);
            context.close();
        } finally {
            kafka.close();
        }
    }
}
