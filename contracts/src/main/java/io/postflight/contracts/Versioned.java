package io.postflight.contracts;

/**
 * A contract record that names its own schema (for example {@code postflight.phase-result/1}),
 * so a reader can refuse a record of another type or version instead of misreading it.
 */
public interface Versioned {

    /** The record's schema id, {@code <name>/<major version>}. */
    String schema();
}
