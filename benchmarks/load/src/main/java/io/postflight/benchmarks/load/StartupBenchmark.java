package io.postflight.benchmarks.load;

import io.postflight.local.LocalStack;
import io.postflight.testing.EmbeddedKafka;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Process start → ready for each service, as a pod starts it: a fresh JVM on the all-in-one jar,
 * the service's main class, the broker already running with its topics, ready when
 * {@code /health/readiness} answers 200. Each service runs once untimed (it creates its topics and,
 * with an AOT cache, trains it), then {@code runs} times timed, without and with the JDK's AOT cache
 * ({@code -XX:AOTCache}, JDK 25+; the cache is made by the untimed run for exactly this JDK and jar).
 *
 * <pre>
 * java -cp deploy/local/target/postflight.jar:benchmarks/load/target/postflight-load-benchmarks-*.jar \
 *     io.postflight.benchmarks.load.StartupBenchmark JAR [runs]
 * </pre>
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String jar = new File(args[0]).getAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean aot = Runtime.version().feature() >= 25;
        Path work = Files.createTempDirectory("postflight-startup");
        System.out.printf("start to ready: %d runs a service, JDK %s, %d cores%n", runs, Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("service      plain: min / median (ms)    AOT cache: min / median (ms)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (Map.Entry<String, String> s : LocalStack.services().entrySet()) {
                Path cache = work.resolve(s.getKey() + ".aot");
                List<String> train = aot ? List.of("-XX:AOTCacheOutput=" + cache) : List.of();
                timeToReady(java, jar, s, kafka, work, train, true);
                long[] plain = new long[runs];
                long[] cached = new long[runs];
                for (int i = 0; i < runs; i++) {
                    plain[i] = timeToReady(java, jar, s, kafka, work, List.of(), false);
                    cached[i] = aot && Files.exists(cache)
                            ? timeToReady(java, jar, s, kafka, work, List.of("-XX:AOTCache=" + cache), false) : -1;
                }
                System.out.printf("%-10s %10d / %-10d %18s%n", s.getKey(), min(plain), median(plain),
                        cached[0] < 0 ? "n/a (needs JDK 25)" : min(cached) + " / " + median(cached));
            }
        }
    }

    private static long timeToReady(String java, String jar, Map.Entry<String, String> service, EmbeddedKafka kafka,
                                    Path work, List<String> flags, boolean settle) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-Dmicronaut.server.port=" + port, "-Dlogger.levels.io.postflight=WARN",
                "-cp", jar, service.getValue()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(service.getKey() + ".log").toFile());
        pb.environment().put("POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        pb.environment().put("POSTFLIGHT_STATE_DIR", work.resolve("state-" + port).toString());
        pb.environment().put("MICRONAUT_ENVIRONMENTS", "local");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                    .timeout(Duration.ofSeconds(1)).build();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(service.getKey() + " exited with " + p.exitValue()
                            + "; see " + work.resolve(service.getKey() + ".log"));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        if (settle) {
                            Thread.sleep(2_000); // a training run sees a little of the service's steady work too
                        }
                        return ms;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(service.getKey() + " not ready within 120 s");
        } finally {
            p.destroy(); // SIGTERM: a graceful stop, which is also when a training run writes its cache
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static long min(long[] v) {
        return Arrays.stream(v).min().orElse(-1);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
