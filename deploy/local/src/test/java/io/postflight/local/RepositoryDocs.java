package io.postflight.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's documents and sources, read by the tests that keep the docs true to the code.
 * Maven runs tests in {@code deploy/local}; an IDE may run them from the repository root.
 */
final class RepositoryDocs {

    private RepositoryDocs() {
    }

    /** The repository root: the folder holding {@code docs/configuration.md}. */
    static Path root() {
        for (Path p : List.of(Path.of("."), Path.of("..", ".."))) {
            if (Files.exists(p.resolve("docs").resolve("configuration.md"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under {@code relative} (recursively) whose name ends with one of {@code suffixes}, outside target folders. */
    static List<Path> files(String relative, String... suffixes) {
        Path dir = root().resolve(relative);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new java.util.ArrayList<>();
        try {
            // Build output is skipped, not walked: a build running beside the test writes and removes
            // files there, and a file gone between listing and reading failed the walk.
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                        java.nio.file.attribute.BasicFileAttributes attrs) {
                    String name = d.getFileName().toString();
                    return name.equals("target") || name.equals("node_modules") || name.equals(".git")
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()
                            && Stream.of(suffixes).anyMatch(x -> f.getFileName().toString().endsWith(x))) {
                        found.add(f);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.stream().sorted().toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The user documentation: the READMEs, docs/ with its runbooks and judges, the deploy folders'
     * READMEs. Not the ADRs (a record keeps the words of its day) nor the CHANGELOG.
     */
    static List<Path> userDocs() {
        return Stream.of(
                Stream.of(root().resolve("README.md"), root().resolve("contracts/README.md"),
                        root().resolve("benchmarks/README.md")),
                files("docs", ".md").stream().filter(p -> !p.toString().contains("/docs/adr/")),
                files("deploy", "README.md").stream())
                .flatMap(s -> s).filter(Files::exists).toList();
    }

    /** Main Java sources of every module. */
    static List<Path> mainSources() {
        return Stream.of("contracts", "services", "deploy")
                .flatMap(d -> files(d, ".java").stream())
                .filter(p -> p.toString().contains("/src/main/java/"))
                .toList();
    }
}
