package io.postflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlTest {

    @ParameterizedTest
    @CsvSource({
        "http://10.0.0.7:8080,            http://10.0.0.7:8080,       /health/live, http://10.0.0.7:8080/health/live",
        "HTTPS://Checkout.Prod.svc,        https://checkout.prod.svc:443, /ready,   https://checkout.prod.svc:443/ready",
        "http://h:8080/app/,               http://h:8080,              /health/live, http://h:8080/app/health/live",
        "http://[fd00::7]:9000/,           http://[fd00::7]:9000,      health,       http://[fd00::7]:9000/health",
        "http://h,                         http://h:80,                /x,           http://h:80/x",
    })
    void aUsableUrlKeepsItsOriginAndBasePath(String url, String origin, String path, String resolved) {
        TargetUrl t = TargetUrl.parse(url);
        assertThat(t.origin()).isEqualTo(origin);
        assertThat(t.resolve(path)).hasToString(resolved);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://", "http://h:abc/", "http://h:0/", "http://h:65536/", "http://user:pw@h/", "http://h/?a=1",
        "http://h/#frag", "ftp://h/", "file:///etc/passwd", "//h/", "h:8080", "http://h h/", "", " ",
        "gopher://h:70/", "http://:8080/"
    })
    void anUnusableUrlIsRefusedWithAReason(String url) {
        assertThatThrownBy(() -> TargetUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("target URL");
        assertThat(TargetUrl.isValid(url)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aHugeUrlIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> TargetUrl.parse("http://h/" + "a".repeat(5000)))
                .hasMessageContaining("longer than");
    }
}
