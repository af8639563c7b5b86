package io.postflight.contracts.intake;

/** Why an incoming deploy event was rejected; the value of the dead-letter reason header. */
public enum RejectReason {
    /** The bytes are not JSON (or not UTF-8). */
    NOT_JSON,
    /** Larger than the configured maximum. */
    OVERSIZED,
    /** JSON, but it breaks the schema: wrong types, missing required fields, bad values. */
    SCHEMA_INVALID,
    /** A CloudEvent / CDEvent type Postflight does not handle, or an unknown plain-form schema. */
    UNKNOWN_TYPE,
    /** A CloudEvents spec version Postflight does not understand. */
    UNSUPPORTED_VERSION
}
