package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The launcher's way to keep the JDK's Unsafe warning off the terminal still finds what it needs. */
class JdkWarningsTest {

    @Test
    void onAJdkThatWarnsTheWarningCanBeMarkedAsGiven() {
        assumeTrue(Runtime.version().feature() >= 24, "the sun.misc.Unsafe memory-access warning came with JDK 24");
        assumeTrue(System.getProperty(JdkWarnings.MEMORY_ACCESS_OPTION) == null, "the option was given");
        assertThat(JdkWarnings.quietUnsafeMemoryAccess())
                .as("sun.misc.Unsafe still has the flag its default mode checks (JEP 498)").isTrue();
    }

    @Test
    void anExplicitChoiceIsLeftAlone() {
        String before = System.getProperty(JdkWarnings.MEMORY_ACCESS_OPTION);
        System.setProperty(JdkWarnings.MEMORY_ACCESS_OPTION, "deny");
        try {
            assertThat(JdkWarnings.quietUnsafeMemoryAccess()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(JdkWarnings.MEMORY_ACCESS_OPTION);
            } else {
                System.setProperty(JdkWarnings.MEMORY_ACCESS_OPTION, before);
            }
        }
    }
}
