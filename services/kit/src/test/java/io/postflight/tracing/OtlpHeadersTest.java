package io.postflight.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OTLP export headers from a mounted file, and an endpoint logged without what could be a credential. */
class OtlpHeadersTest {

    @Test
    void headersAreReadFromNameValueLinesAndABadLineIsNamedByNumberNotContent() {
        assertThat(OtlpHeaders.parse(List.of("# the collector's token", "", "Authorization: Bearer s3cr3t-token",
                "X-Scope-OrgID : tenant-1"))).containsExactly(
                java.util.Map.entry("Authorization", "Bearer s3cr3t-token"), java.util.Map.entry("X-Scope-OrgID", "tenant-1"));
        assertThatThrownBy(() -> OtlpHeaders.parse(List.of("Authorization: ok", "Bearer s3cr3t-token")))
                .hasMessage("line 2 is not 'Name: value'").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void theEndpointIsShownWithoutUserInfoOrQuery() {
        assertThat(OtlpHeaders.shown("https://user:s3cr3t@collector.example.com:4318/v1/traces?token=s3cr3t#x"))
                .isEqualTo("https://collector.example.com:4318/v1/traces");
        assertThat(OtlpHeaders.shown("http://localhost:4318/v1/traces")).isEqualTo("http://localhost:4318/v1/traces");
    }
}
