import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the JNI libraries for this machine (Linux, glibc, its architecture) out of the jars on a
 * classpath, so that runtime-layer.sh can ask ldd what they link against. Run by the JDK's
 * source launcher: one JVM for every jar, and no unzip needed on the build machine.
 *
 * <pre>java JniLibraries.java CLASSPATH_FILE OUTPUT_DIR ARCH_REGEX</pre>
 */
public final class JniLibraries {

    private JniLibraries() {
    }

    public static void main(String[] args) throws IOException {
        String classpath = Files.readString(Path.of(args[0])).strip();
        Path out = Path.of(args[1]);
        Pattern arch = Pattern.compile(args[2]);
        int copied = 0;
        for (String entry : classpath.split(":")) {
            Path jar = Path.of(entry);
            if (entry.isEmpty() || !Files.isRegularFile(jar)) {
                continue;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry e : zip.stream().toList()) {
                    if (isNativeLibraryFor(e.getName().toLowerCase(Locale.ROOT), arch)) {
                        Path target = out.resolve(jar.getFileName().toString()).resolve(e.getName()).normalize();
                        if (!target.startsWith(out)) {
                            continue;
                        }
                        Files.createDirectories(target.getParent());
                        try (InputStream in = zip.getInputStream(e)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        copied++;
                    }
                }
            }
        }
        System.out.println("runtime-layer: " + copied + " JNI libraries in the classpath's jars");
    }

    private static boolean isNativeLibraryFor(String name, Pattern arch) {
        return name.endsWith(".so") && name.contains("linux") && !name.contains("musl") && arch.matcher(name).find();
    }
}
