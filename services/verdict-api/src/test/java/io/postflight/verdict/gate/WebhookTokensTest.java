package io.postflight.verdict.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTokensTest {
    private static final String ONE = "a".repeat(WebhookTokens.MIN_LENGTH);
    private static final String TWO = "0123456789abcdef0123456789abcdef01";

    @Test
    void anyConfiguredTokenIsAcceptedAndNothingElse() {
        WebhookTokens tokens = new WebhookTokens(List.of(ONE, TWO));
        assertThat(tokens.configured()).isTrue();
        assertThat(tokens.accepts(ONE)).isTrue();
        assertThat(tokens.accepts(TWO)).isTrue();
        assertThat(tokens.accepts(TWO.substring(1))).isFalse();
        assertThat(tokens.accepts(ONE + "a")).isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
    }

    @Test
    void noTokensAcceptNothing() {
        WebhookTokens none = new WebhookTokens(List.of());
        assertThat(none.configured()).isFalse();
        assertThat(none.accepts(ONE)).isFalse();
    }

    @Test
    void shortTokensAreRefusedAtStartUpWithoutBeingNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WebhookTokens(List.of("secret-but-short")))
                .withMessageContaining("at least 32").withMessageNotContaining("secret-but-short");
    }

    @Test
    void theConfigurationNeverPrintsTokens() {
        GateConfig config = new GateConfig(List.of("deployer"), null, List.of(TWO));
        assertThat(config.toString()).doesNotContain(TWO).contains("1 set");
    }
}
