package io.postflight.kafka;

import io.postflight.contracts.Checked;
import io.postflight.contracts.ContractVersions;
import io.postflight.contracts.Json;
import io.postflight.contracts.Versioned;
import java.io.IOException;

/**
 * Decodes an internal contract record from bytes and checks its schema version, so processors can
 * send anything unreadable to the dead-letter topic with a reason instead of failing. An older
 * version is read where {@link ContractVersions} says so; a {@link Checked} record is checked (and
 * normalised) by its own rules, and a record that breaks one is SCHEMA_INVALID with the rule.
 */
public final class ContractDecoder {

    private ContractDecoder() {
    }

    /** A record that could not be decoded, with the dead-letter reason and a human detail. */
    public static final class DecodeException extends Exception {
        private final String reason;

        public DecodeException(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param bytes record value
     * @param type contract record class
     * @param schema expected schema id (e.g. {@code postflight.phase-result/1})
     */
    public static <T extends Versioned> T decode(byte[] bytes, Class<T> type, String schema)
            throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException("SCHEMA_INVALID", "empty record");
        }
        T value;
        try {
            value = Json.MAPPER.readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new DecodeException("NOT_JSON", e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            // Jackson wraps the records' own null checks (NullPointerException) and type mismatches.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new DecodeException("SCHEMA_INVALID", type.getSimpleName() + ": " + root.getMessage());
        }
        if (value == null) {
            throw new DecodeException("SCHEMA_INVALID", "null record");
        }
        if (value.schema() == null || !ContractVersions.readsAs(value.schema(), schema)) {
            throw new DecodeException("UNKNOWN_TYPE",
                    "schema '" + value.schema() + "' where '" + schema + "' was expected");
        }
        if (value instanceof Checked<?> checkedRecord) {
            try {
                return type.cast(checkedRecord.checked());
            } catch (IllegalArgumentException e) {
                throw new DecodeException("SCHEMA_INVALID", type.getSimpleName() + ": " + e.getMessage());
            }
        }
        return value;
    }
}
