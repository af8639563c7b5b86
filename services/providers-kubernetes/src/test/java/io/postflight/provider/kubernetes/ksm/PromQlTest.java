package io.postflight.provider.kubernetes.ksm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value is only ever a value: quotes, backslashes and line breaks cannot end its string. */
class PromQlTest {

    @Test
    void quotesBackslashesAndLineBreaksAreEscaped() {
        assertThat(PromQl.quoted("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void anAttackersValueStaysInsideItsMatcher() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", "shop\",namespace=~\".+");
        String selector = PromQl.selector("kube_pod_info", labels);

        assertThat(selector).isEqualTo("kube_pod_info{namespace=\"shop\\\",namespace=~\\\".+\"}");
        // One matcher: every quote inside the value is escaped, so the string ends only at the last one.
        assertThat(selector.replace("\\\"", "").chars().filter(c -> c == '"').count()).isEqualTo(2);
    }

    @Test
    void regexMatchersAndLabelNamesAreChecked() {
        assertThat(PromQl.selector("m", Map.of("owner_kind~", "Deployment|Rollout")))
                .isEqualTo("m{owner_kind=~\"Deployment|Rollout\"}");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selector("m", Map.of("a}or{b", "x")));
    }

    @Test
    void onlyKubernetesObjectNamesAreAccepted() {
        assertThat(PromQl.isObjectName("checkout-7d9f.v2")).isTrue();
        assertThat(PromQl.isObjectName("Checkout")).isFalse();
        assertThat(PromQl.isObjectName("a\"}")).isFalse();
        assertThat(PromQl.isObjectName("")).isFalse();
        assertThat(PromQl.isObjectName(null)).isFalse();
    }
}
