package io.postflight.httpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate-limit keys: the subject, else the peer; a forwarding header only from trusted proxies. */
class ClientKeysTest {

    private static InetAddress ip(String literal) {
        return ClientKeys.literal(literal);
    }

    @Test
    void anAuthenticatedRequestCountsAsItsSubjectWhateverItsAddress() {
        ClientKeys keys = new ClientKeys(List.of());
        assertThat(keys.of("alice", ip("203.0.113.7"), List.of("198.51.100.1"))).isEqualTo("subject:alice");
    }

    @Test
    void withoutTrustedProxiesAForwardedHeaderIsIgnoredSoACallerCannotPickAFreshKey() {
        ClientKeys keys = new ClientKeys(List.of());
        assertThat(keys.of(null, ip("203.0.113.7"), List.of("198.51.100.1"))).isEqualTo("address:203.0.113.7");
        assertThat(keys.of(null, ip("203.0.113.7"), List.of("198.51.100.2"))).isEqualTo("address:203.0.113.7");
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsIgnoredEvenWhenProxiesAreConfigured() {
        ClientKeys keys = new ClientKeys(List.of("10.0.0.0/8"));
        assertThat(keys.address(ip("203.0.113.7"), List.of("10.1.2.3"))).isEqualTo("203.0.113.7");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheFirstUntrustedHopFromTheRight() {
        ClientKeys keys = new ClientKeys(List.of("10.0.0.0/8", "192.0.2.10"));
        // The caller wrote "1.1.1.1" itself; the proxies appended what they saw.
        assertThat(keys.address(ip("10.0.0.5"), List.of("1.1.1.1, 203.0.113.7", "192.0.2.10")))
                .isEqualTo("203.0.113.7");
        assertThat(keys.address(ip("10.0.0.5"), List.of("10.9.9.9"))).as("every hop trusted: the leftmost")
                .isEqualTo("10.9.9.9");
        assertThat(keys.address(ip("10.0.0.5"), List.of())).as("no header: the proxy").isEqualTo("10.0.0.5");
        assertThat(keys.address(ip("10.0.0.5"), List.of("evil.example.com"))).as("not an address: never looked up")
                .isEqualTo("10.0.0.5");
    }

    @Test
    void ipv6BlocksAndBracketedOrPortedHopsAreRead() {
        ClientKeys keys = new ClientKeys(List.of("fd00::/8"));
        assertThat(keys.address(ip("fd12::1"), List.of("[2001:db8::7]"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(keys.address(ip("fd12::1"), List.of("203.0.113.7:4711"))).isEqualTo("203.0.113.7");
        assertThat(keys.address(ip("2001:db8::1"), List.of("203.0.113.7"))).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void aMalformedTrustedProxyIsRefused() {
        assertThatThrownBy(() -> new ClientKeys(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'proxy.internal' is not an IP address or CIDR block");
        assertThatThrownBy(() -> new ClientKeys(List.of("10.0.0.0/33"))).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> new ClientKeys(List.of("300.1.1.1"))).hasMessageContaining("not an IP address");
    }
}
