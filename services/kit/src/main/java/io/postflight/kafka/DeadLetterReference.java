package io.postflight.kafka;

import io.postflight.contracts.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What a dead letter carries instead of a record too large to copy: where the record is (topic,
 * partition, offset: readable there until the topic's retention drops it), its size, its SHA-256
 * (to recognise it and to check a copy fetched from the source) and its first bytes, base64, for a
 * first look. Written as JSON, with header {@code postflight.dlq.payload: reference}.
 *
 * @param topic source topic, or {@code null} when the record came from no topic (a punctuator)
 * @param partition source partition, {@code -1} when unknown
 * @param offset source offset, {@code -1} when unknown
 * @param size the original value's length in bytes (after decompression)
 * @param sha256 hex SHA-256 of the original value
 * @param headBase64 the first {@link #HEAD_BYTES} bytes of the original value, base64
 */
public record DeadLetterReference(String topic, int partition, long offset, int size, String sha256,
                                  String headBase64) {
    /** Bytes of the original value kept in the reference. */
    public static final int HEAD_BYTES = 512;

    public static DeadLetterReference of(String topic, int partition, long offset, byte[] value) {
        return new DeadLetterReference(topic, partition, offset, value.length, sha256(value),
                Base64.getEncoder().encodeToString(Arrays.copyOf(value, Math.min(HEAD_BYTES, value.length))));
    }

    public byte[] toBytes() {
        return JsonSerde.toBytes(this);
    }

    /** Reads a reference back (for tools and tests). */
    public static DeadLetterReference read(byte[] bytes) throws java.io.IOException {
        return Json.MAPPER.readValue(bytes, DeadLetterReference.class);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
