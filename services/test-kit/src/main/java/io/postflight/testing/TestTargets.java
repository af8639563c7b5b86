package io.postflight.testing;

import java.util.Map;

/**
 * The target policy for tests: their targets are real servers on loopback, which the production
 * defaults refuse; a test allows loopback in its own configuration, never by a changed default.
 */
public final class TestTargets {
    private TestTargets() {
    }

    /** Properties allowing loopback targets ({@code postflight.target-policy.allow-loopback}). */
    public static Map<String, Object> loopbackAllowed() {
        return Map.of("postflight.target-policy.allow-loopback", true);
    }
}
