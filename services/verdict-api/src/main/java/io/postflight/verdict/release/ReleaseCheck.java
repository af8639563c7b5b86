package io.postflight.verdict.release;

/**
 * One check of the release gate and its outcome, in words.
 *
 * @param check {@code verified-in-lower-environment}, {@code soak}, {@code immutable-artifact},
 *     {@code deployment-window}, {@code change-freeze}, {@code rollback-target} or {@code policy}
 * @param passed whether it holds
 * @param detail what was found
 */
public record ReleaseCheck(String check, boolean passed, String detail) {
}
