package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the launcher prints when a command fails: the cause that names the wrong setting, once. */
class PostflightCliTest {

    @Test
    void helpAfterACommandPrintsTheUsageInsteadOfRunningIt() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(PostflightCli.run(new String[] {"run", "--help"}, print, print)).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("usage: java -jar postflight.jar");
    }

    @Test
    void theCausesOfAFailureArePrintedInnermostIncludedAndRepeatsLeftOut() {
        IllegalArgumentException setting = new IllegalArgumentException(
                "postflight.kafka.security.password-file: /run/secrets/kafka is not readable");
        IllegalStateException bean = new IllegalStateException("Error instantiating bean KafkaClientSecurity", setting);
        RuntimeException wrapper = new RuntimeException("start-up failed: " + bean.getMessage(), bean);

        assertThat(PostflightCli.causes(wrapper)).containsExactly(
                "IllegalArgumentException: postflight.kafka.security.password-file: /run/secrets/kafka is not readable");
        assertThat(PostflightCli.causes(new RuntimeException("alone"))).isEmpty();
    }
}
