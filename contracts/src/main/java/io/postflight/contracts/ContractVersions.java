package io.postflight.contracts;

import java.util.Map;

/**
 * Which older schema versions a reader still reads, and as what. A record of an older version is
 * read by the rules of the current one: {@code postflight.verification-started/1} records (written
 * before identifiers were normalised and target URLs checked) are read as
 * {@code postflight.verification-started/2} through {@link VerificationStarted#checked()}: their
 * identifiers are NFC-normalised and checked, their target URLs checked, and a record that breaks
 * a rule is refused with the rule it breaks (a dead letter), never misread.
 * <p>
 * {@code postflight.decision/1} and {@code postflight.verdict/1} are read as their version 2: every
 * version 1 record is a valid version 2 record (version 2 only adds the optional {@code override}
 * of a decision, the ABORTED state and decisions after a HOLD), and their constructors name the
 * current version. The rules for consumers of the old versions are in contracts/README.md.
 */
public final class ContractVersions {
    private static final Map<String, String> READ_AS = Map.of(
            VerificationStarted.SCHEMA_1, VerificationStarted.SCHEMA,
            Decision.SCHEMA_1, Decision.SCHEMA,
            Verdict.SCHEMA_1, Verdict.SCHEMA);

    private ContractVersions() {
    }

    /** Whether a record that names {@code found} is read by a reader of {@code expected}. */
    public static boolean readsAs(String found, String expected) {
        return expected.equals(found) || expected.equals(READ_AS.get(found));
    }
}
