package io.postflight.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps a committed OpenAPI document ({@code docs/api/*.openapi.yml}) identical to the one
 * micronaut-openapi generated at compile time ({@code META-INF/swagger/*.yml} on the test class
 * path), so that a change to an endpoint that forgets its document fails the build. Run with
 * {@code -Dopenapi.update=true} to write the generated document over the committed one instead.
 */
public final class CommittedOpenApi {
    /** The switch that rewrites the committed copy instead of comparing. */
    public static final String UPDATE_PROPERTY = "openapi.update";

    private CommittedOpenApi() {
    }

    /**
     * Compares (or, with {@code -Dopenapi.update=true}, updates) {@code committed}, a path from the
     * repository's root, against the generated class-path resource {@code generated}.
     *
     * @param module the Maven module, for the command the failure prints
     * @throws AssertionError when they differ, saying how to regenerate
     */
    public static void check(String generated, String committed, String module) throws IOException {
        String fresh = read(generated);
        Path copy = repositoryRoot().resolve(committed);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, fresh, StandardCharsets.UTF_8);
            return;
        }
        String kept = Files.exists(copy) ? Files.readString(copy, StandardCharsets.UTF_8) : "";
        if (!kept.equals(fresh)) {
            throw new AssertionError(committed + " is not the OpenAPI document generated from the code ("
                    + generated + "): " + firstDifference(kept, fresh) + ". If the change to the API is intended,"
                    + " regenerate it with\n  ./mvnw -B verify -pl " + module + " -am -Dtest=OpenApiDocumentTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -D" + UPDATE_PROPERTY + "=true\n"
                    + "and commit " + committed + ".");
        }
    }

    /** The generated document {@code resource}, parsed. */
    public static JsonNode generated(String resource) throws IOException {
        return Json.MAPPER.valueToTree(new Yaml().load(read(resource)));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = CommittedOpenApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no generated OpenAPI document " + resource + " on the class path: is"
                        + " micronaut-openapi among the module's annotation processors?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String firstDifference(String kept, String fresh) {
        if (kept.isEmpty()) {
            return "the committed copy is missing or empty";
        }
        String[] a = kept.split("\n", -1);
        String[] b = fresh.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "line " + (i + 1) + " is '" + a[i].strip() + "' committed, '" + b[i].strip() + "' generated";
            }
        }
        return "the committed copy has " + a.length + " lines, the generated one " + b.length;
    }

    /** The folder holding {@code mvnw}, from a module's working directory or the root itself. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find the repository's root (mvnw and docs/) above "
                + Path.of("").toAbsolutePath());
    }
}
