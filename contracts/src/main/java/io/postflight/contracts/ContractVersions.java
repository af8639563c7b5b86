package io.postflight.contracts;

import java.util.Map;

/**
 * Which older schema versions a reader still reads, and as what. A record of an older version is
 * read by the rules of the current one: {@code postflight.verification-started/1} records (written
 * before identifiers were normalised and target URLs checked) are read as
 * {@code postflight.verification-started/2} through {@link VerificationStarted#checked()}: their
 * identifiers are NFC-normalised and checked, their target URLs checked, and a record that breaks
 * a rule is refused with the rule it breaks (a dead letter), never misread.
 */
public final class ContractVersions {
    private static final Map<String, String> READ_AS = Map.of(
            VerificationStarted.SCHEMA_1, VerificationStarted.SCHEMA);

    private ContractVersions() {
    }

    /** Whether a record that names {@code found} is read by a reader of {@code expected}. */
    public static boolean readsAs(String found, String expected) {
        return expected.equals(found) || expected.equals(READ_AS.get(found));
    }
}
