package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A demo whose expectation fails ends at once with a non-zero status, instead of waiting out the
 * decision timeouts (100 s each) of the deployments after it. The failure is made real: the health
 * verifier probes a readiness path the demo targets do not serve, so checkout 1.4.0, which the
 * demo expects to be promoted, is rolled back on HEALTH.
 */
class DemoFailsFastIT {

    @Test
    void theFirstUnexpectedDecisionEndsTheDemoWithANonZeroStatus() throws Exception {
        Path tmp = Files.createTempDirectory("demo-fails-it");
        try (ChildJvm demo = ChildJvm.start(PostflightCli.class.getName(), List.of("demo"),
                List.of("-Djava.io.tmpdir=" + tmp, "-Dpostflight.health.readiness-path=/not-served"), Map.of(),
                tmp.resolve("work"))) {
            demo.awaitOutput("DEMO     expected PROMOTE", Duration.ofMinutes(4));
            // At once: well within one decision timeout (100 s) of the unexpected decision.
            assertThat(demo.process().waitFor(60, TimeUnit.SECONDS)).as("exited soon after the failed expectation")
                    .isTrue();
            assertThat(demo.process().exitValue()).isNotZero();
            assertThat(demo.stdout()).contains("DEMO     FAILED").doesNotContain("deploys checkout 1.5.0");
        }
    }
}
