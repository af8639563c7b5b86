package io.postflight.verdict.http;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters as the API's endpoints read them: blank is absent, instants are ISO-8601. */
public final class QueryValues {
    private QueryValues() {
    }

    /** {@code null} for a missing or blank value, else the value without surrounding blanks. */
    public static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The instant in {@code value}, or {@code otherwise} when it is missing or blank.
     *
     * @throws IllegalArgumentException naming {@code name} when the value is not an ISO-8601 instant
     */
    public static @Nullable Instant instant(String name, @Nullable String value, @Nullable Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-28T12:00:00Z, was '"
                    + value + "'");
        }
    }
}
