package io.postflight.httpkit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What was wrong with a request's JSON body, in the caller's terms: the field (as the caller wrote
 * it) and what it should hold, or where the text stops being JSON. Never Jackson's own message,
 * which names Java classes and the service's insides. Pure.
 */
public final class JsonBodyErrors {
    private JsonBodyErrors() {
    }

    /** A sentence for the problem document's {@code detail}. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof StreamReadException) {
            JsonLocation at = e.getLocation();
            return at == null || at.getLineNr() < 1 ? "the body is not valid JSON"
                    : "the body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        if (e instanceof JsonMappingException m) {
            String field = field(m);
            if (field.isEmpty()) {
                return "the body must be a JSON object";
            }
            Class<?> expected = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
            return field + ": " + expectation(expected) + (m instanceof InvalidFormatException f
                    && f.getValue() instanceof String s ? ", not '" + shown(s) + "'" : "");
        }
        return "the body is not a usable JSON object";
    }

    /** The field's path as the caller wrote it: {@code action}, {@code targets[2].url}. */
    private static String field(JsonMappingException m) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expectation(Class<?> type) {
        if (type == null) {
            return "not a usable value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Objects::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Duration.class.equals(type) || TemporalAmount.class.isAssignableFrom(type)) {
            return "an ISO-8601 duration such as PT30M";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (Boolean.class.equals(type) || type == boolean.class) {
            return "true or false";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 date-time such as 2026-11-22T10:00:00Z";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    /** A rejected value as a message may quote it: printable characters only, at most 40. */
    private static String shown(String value) {
        String printable = value.codePoints().map(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
