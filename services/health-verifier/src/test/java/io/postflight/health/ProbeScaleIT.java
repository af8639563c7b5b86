package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.Target;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.RecordMetrics;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of targets, each its own origin (distinct loopback addresses), against real HTTP
 * servers: the verifier's threads and open files stay flat. One client per origin once took
 * 2011 threads and 6450 open files for 1000 targets.
 */
class ProbeScaleIT {
    private static final int TARGETS = 3000;
    private HttpServer server;
    private ProbeClient client;
    private HttpHealthProbe probe;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @BeforeEach
    void setUp() throws Exception {
        // Bound to every address so that 127.0.x.y are distinct origins of one server; the test's
        // targets are all loopback addresses.
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 1000);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        HealthConfig config = TestConfigs.health(Duration.ofSeconds(10), 3, 64, 20_000);
        client = new ProbeClient(config);
        probe = new HttpHealthProbe(config, client, new RecordMetrics(new SimpleMeterRegistry()),
                TestConfigs.loopbackAllowed());
    }

    @AfterEach
    void tearDown() {
        probe.close();
        client.close();
        server.stop(0);
    }

    @Test
    void threadsAndOpenFilesStayFlatWithThreeThousandTargets() throws Exception {
        List<Target> targets = new ArrayList<>();
        int port = server.getAddress().getPort();
        for (int i = 0; i < TARGETS; i++) {
            targets.add(new Target("i" + i, "http://127.0." + (i / 250) + "." + (i % 250 + 1) + ":" + port));
        }
        // Warm up: the first probes start the client's and the server's threads.
        probe.probe("warm-up", targets.subList(0, 10)).get(2, TimeUnit.MINUTES);
        int baseThreads = threads.getThreadCount();
        int baseFiles = openFiles();
        AtomicInteger peakThreads = new AtomicInteger(baseThreads);
        AtomicInteger peakFiles = new AtomicInteger(baseFiles);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
            peakFiles.accumulateAndGet(openFiles(), Math::max);
        }, 0, 20, TimeUnit.MILLISECONDS);
        long healthy = 0;
        long start = System.nanoTime();
        try {
            for (int round = 0; round < 3; round++) {
                List<ProbeObservation> obs = probe.probe("d1", targets).get(10, TimeUnit.MINUTES);
                assertThat(obs).hasSize(TARGETS);
                healthy += obs.stream().filter(ProbeObservation::healthy).count();
            }
        } finally {
            sampler.shutdownNow();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.gc();
        long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        System.out.printf("ProbeScaleIT: targets=%d rounds=3 healthy=%d time=%d ms threads base=%d peak=%d "
                + "openFiles base=%d peak=%d heapAfterGC=%d MB%n", TARGETS, healthy, ms, baseThreads,
                peakThreads.get(), baseFiles, peakFiles.get(), heapMb);
        // Flat: a few threads more at most, and open files bounded by the probes in flight (64 instances,
        // 2 endpoints, both ends of each loopback connection: about 256), not by the number of targets (a
        // file per target would be 3000 or more). On a busy machine closed connections are released late,
        // so the bound is well above the in-flight figure and well below one file per target.
        assertThat(peakThreads.get() - baseThreads).isLessThan(20);
        assertThat(peakFiles.get() - baseFiles).isLessThan(TARGETS / 3);
        assertThat(healthy).as("every target answered healthy on a machine that is not starved")
                .isGreaterThan(3L * TARGETS * 9 / 10);
    }

    private static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}
