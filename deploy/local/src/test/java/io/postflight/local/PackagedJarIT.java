package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar postflight.jar run}, the packaged jar as a user starts it without the
 * {@code ./postflight} script and its JVM flags: the terminal shows Postflight's own lines only,
 * none of the JDK's warnings about libraries' native access (Netty) or {@code sun.misc.Unsafe}
 * (the embedded broker unmapping its index files on the way down). Runs after {@code package},
 * on the build's JDK.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "postflight.jar");

    @Test
    void theManifestEnablesNativeAccessForTheJarsOwnClasses() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(PostflightCli.class.getName());
        }
    }

    @Test
    void runStartsAndStopsWithoutJdkWarnings() throws Exception {
        Path tmp = Files.createTempDirectory("packaged-jar-it");
        try (ChildJvm run = ChildJvm.startJar(JAR, List.of("run"), List.of("-Djava.io.tmpdir=" + tmp),
                tmp.resolve("work"))) {
            run.awaitOutput("Ctrl-C stops", Duration.ofMinutes(4));
            run.stop();
            assertThat(run.process().waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 min").isTrue();
            assertThat(run.stdout()).contains("Postflight stopped.");
            assertThat(run.stderr()).doesNotContain("WARNING:");
        }
    }
}
