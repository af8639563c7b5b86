package io.postflight.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.Target;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The target policy: production-safe defaults, explicit allowances, an allow-list, a cap. */
class TargetPolicyTest {
    private final TargetPolicy defaults = new TargetPolicy(TargetPolicyConfig.defaults());

    private static Target t(String url) {
        return new Target("i", url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data", "http://[fd00:ec2::254]/", "http://[fd20:ce::254]/",
            "http://100.100.100.200/", "http://metadata.google.internal/computeMetadata/v1",
            "http://127.0.0.1:8080", "http://127.1:8080", "http://localhost:8080", "http://[::1]:80",
            "http://0.0.0.0:80", "http://[::]:80", "http://224.0.0.1/", "http://[fe80::1]/",
            "http://[::ffff:169.254.169.254]/"})
    void deniesLocalAndMetadataTargetsByDefault(String url) {
        assertThat(defaults.refuse(List.of(t(url)))).as(url).hasValueSatisfying(why ->
                assertThat(why).startsWith(TargetPolicy.REFUSED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.7:8080", "http://checkout-0.checkout.prod.svc.cluster.local:8080/app",
            "https://203.0.113.10", "http://[2001:db8::1]:8080"})
    void allowsOrdinaryTargetsByDefault(String url) {
        assertThat(defaults.refuse(List.of(t(url)))).as(url).isEmpty();
    }

    @Test
    void loopbackIsAllowedOnlyWhenConfiguredSoAndMetadataStaysDenied() {
        TargetPolicy local = new TargetPolicy(TargetPolicyConfig.loopbackAllowed());
        assertThat(local.refuse(List.of(t("http://127.0.0.1:8080"), t("http://localhost:9")))).isEmpty();
        assertThat(local.refuse(List.of(t("http://169.254.169.254/")))).isPresent();
    }

    @Test
    void malformedUrlsAreRefusedNamingTheTargetAndTheRule() {
        assertThat(defaults.refuse(List.of(new Target("a", "http://"), new Target("b", "http://h:abc/"),
                new Target("c", "http://ok"))))
                .hasValueSatisfying(why -> assertThat(why).contains("2 of 3 target(s)")
                        .contains("a (http://)").contains("b (http://h:abc/)").doesNotContain("c ("));
    }

    @Test
    void moreTargetsThanTheMaximumAreRefusedAsAWhole() {
        TargetPolicy capped = new TargetPolicy(new TargetPolicyConfig(null, null, null, false, null, 2));
        assertThat(capped.refuse(List.of(t("http://a"), t("http://b"), t("http://c"))))
                .hasValueSatisfying(why -> assertThat(why).contains("3 targets, more than")
                        .contains("max-targets-per-event=2"));
    }

    @Test
    void anAllowListLimitsHostsDomainsAndAddresses() throws Exception {
        TargetPolicy listed = new TargetPolicy(new TargetPolicyConfig(List.of("billing.internal"),
                List.of("svc.cluster.local"), List.of("10.1.0.0/16"), false, null, 100));
        assertThat(listed.refuse(List.of(t("http://billing.internal"), t("http://a.b.svc.cluster.local:8080"),
                t("http://10.1.2.3")))).isEmpty();
        assertThat(listed.refuse(List.of(t("http://10.2.0.1")))).isPresent();
        assertThat(listed.refuseResolved("evil.example", List.of(InetAddress.getByName("10.9.9.9")))).isPresent();
        assertThat(listed.refuseResolved("other.example", List.of(InetAddress.getByName("10.1.9.9")))).isEmpty();
        // A listed name resolving to a denied address is still refused (checked on the addresses too).
        assertThat(listed.refuseResolved("billing.internal", List.of(InetAddress.getByName("169.254.10.1"))))
                .hasValueSatisfying(why -> assertThat(why).contains("link-local"));
    }

    @Test
    void anAllowedCidrLiftsADefaultDenialAndDeniedCidrsAddToThem() {
        TargetPolicy policy = new TargetPolicy(new TargetPolicyConfig(null, null, List.of("127.0.0.0/8"), false,
                List.of("192.168.0.0/16"), 100));
        assertThat(policy.refuse(List.of(t("http://127.0.0.1:1")))).isEmpty();
        assertThat(policy.refuse(List.of(t("http://192.168.1.1")))).hasValueSatisfying(why ->
                assertThat(why).contains("denied-cidrs 192.168.0.0/16"));
    }

    @Test
    void aMalformedCidrStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> new TargetPolicy(new TargetPolicyConfig(null, null, List.of("10.0.0.0/33"), false,
                null, 10))).hasMessageContaining("postflight.target-policy.allowed-cidrs").hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new TargetPolicy(new TargetPolicyConfig(null, null, null, false,
                List.of("not-a-cidr"), 10))).hasMessageContaining("postflight.target-policy.denied-cidrs");
    }
}
