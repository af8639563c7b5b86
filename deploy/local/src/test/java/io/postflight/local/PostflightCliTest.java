package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the launcher prints when a command fails: the cause that names the wrong setting, once. */
class PostflightCliTest {

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
