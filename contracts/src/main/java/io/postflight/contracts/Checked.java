package io.postflight.contracts;

/**
 * A contract record whose readers check more than its JSON shape: rules JSON Schema cannot say
 * (NFC normalisation, a usable target URL). Deliberately not done in the record's constructor: the
 * same record type is read back from state stores, and a stored record must stay readable when a
 * rule is tightened.
 *
 * @param <T> the record type
 */
public interface Checked<T extends Versioned> {

    /**
     * This record as the current schema version says it must be (normalised where a rule
     * normalises, with the current {@code schema} id).
     *
     * @throws IllegalArgumentException naming the field and the rule it breaks
     */
    T checked();
}
