package io.postflight.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void reasonsKeepPrintableAsciiUpTo64Characters() {
        assertThat(SafeText.reason("CrashLoopBackOff")).isEqualTo("CrashLoopBackOff");
        assertThat(SafeText.reason("Bad\u0000\nReason\u00e9")).isEqualTo("BadReason");
        assertThat(SafeText.reason("R".repeat(100))).hasSize(64);
        assertThat(SafeText.reason("  ")).isNull();
        assertThat(SafeText.reason(null)).isNull();
    }

    @Test
    void instanceIdsUpTo253AreKeptWhole() {
        String pod = "p".repeat(253 - "c/ns/".length());
        assertThat(SafeText.instanceId("c", "ns", pod)).isEqualTo("c/ns/" + pod);
    }

    @Test
    void longerInstanceIdsAreCutWithEightHexOfTheWholeNamesHash() {
        String pod = "p".repeat(300);
        String cut = SafeText.instanceId("c", "ns", pod);
        assertThat(cut).hasSize(253).startsWith("c/ns/ppp").matches("c/ns/p{239}-[0-9a-f]{8}");
        // Same first 244 characters, other names: other instances.
        assertThat(SafeText.instanceId("c", "ns", pod + "q")).hasSize(253).isNotEqualTo(cut);
        assertThat(SafeText.instanceId("c", "ns", pod)).isEqualTo(cut);
    }
}
