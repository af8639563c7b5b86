package io.postflight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesGitHubsPublishedExample() {
        // docs.github.com "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!"
        WebhookSignature github = new WebhookSignature("It's a Secret to Everybody");
        String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(github.sign("Hello, World!".getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(github.matches(expected, "Hello, World!".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void refusesAnotherSecretAnotherBodyAndMalformedHeaders() {
        WebhookSignature ours = new WebhookSignature("0123456789abcdef-ours");
        String signature = ours.sign(BODY);
        assertThat(ours.matches(signature, BODY)).isTrue();
        assertThat(ours.matches(signature.toUpperCase().replace("SHA256=", "sha256="), BODY)).isTrue();
        assertThat(ours.matches(new WebhookSignature("0123456789abcdef-theirs").sign(BODY), BODY)).isFalse();
        assertThat(ours.matches(signature, "{\"hello\":\"World\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ours.matches(signature.substring(0, signature.length() - 2), BODY)).isFalse();
        assertThat(ours.matches(signature.replace("sha256=", "sha1="), BODY)).isFalse();
        assertThat(ours.matches("sha256=not-hex", BODY)).isFalse();
        assertThat(ours.matches(null, BODY)).isFalse();
    }
}
