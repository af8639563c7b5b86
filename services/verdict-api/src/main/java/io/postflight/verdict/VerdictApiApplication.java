package io.postflight.verdict;

import io.micronaut.runtime.Micronaut;

/**
 * The verdict API: serves verdicts and deployment histories, kept in Kafka Streams stores, to
 * people and tools over HTTP.
 */
public final class VerdictApiApplication {
    public static final String ENVIRONMENT = "verdict-api";

    private VerdictApiApplication() {
    }

    public static void main(String[] args) {
        // environments(), not defaultEnvironments(): the latter is dropped when Micronaut deduces one.
        Micronaut.build(args).mainClass(VerdictApiApplication.class).environments(ENVIRONMENT).start();
    }
}
