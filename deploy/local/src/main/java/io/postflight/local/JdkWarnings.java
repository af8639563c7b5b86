package io.postflight.local;

import java.lang.reflect.Field;

/**
 * Keeps {@code java -jar postflight.jar} free of a JDK warning a Postflight user cannot act on.
 *
 * <p>From JDK 24 the first call of a {@code sun.misc.Unsafe} memory-access method prints a
 * four-line warning on the JVM's standard error (JEP 498); the embedded Kafka broker makes that call
 * when it unmaps its index files ({@code ByteBufferUnmapper} calls {@code invokeCleaner}). The
 * {@code --sun-misc-unsafe-memory-access=allow} option (which {@code ./postflight} passes) has no
 * manifest form, so the launcher marks the one warning as already given, which is what that
 * option's default mode checks before printing. The native-access warning (Netty loading its
 * native library) is covered by the jar's manifest ({@code Enable-Native-Access: ALL-UNNAMED}).
 *
 * <p>Nothing is changed when the option was given (its choice stands, {@code deny} included) or on
 * a JDK without that mode: then the warning, if any, is printed as usual.
 */
final class JdkWarnings {
    /** The system property the {@code --sun-misc-unsafe-memory-access} option sets. */
    static final String MEMORY_ACCESS_OPTION = "sun.misc.unsafe.memory.access";

    private JdkWarnings() {
    }

    /** Whether the warning is now known as given; false when the option was set or the JDK differs. */
    static boolean quietUnsafeMemoryAccess() {
        if (System.getProperty(MEMORY_ACCESS_OPTION) != null) {
            return false;
        }
        try {
            Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
