package io.postflight.contracts.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.postflight.contracts.Json;
import java.io.IOException;

/** Strict JSON reading for intake: one value, no trailing bytes, no duplicate field names. */
final class JsonInput {

    // A reader derived from the shared mapper, so the mapper itself is not reconfigured. Duplicate
    // fields are refused because two "version" fields would let a producer and Postflight disagree
    // on which one counts.
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private JsonInput() {
    }

    /**
     * @param what names the bytes in the message, e.g. "record value", "CloudEvent data_base64"
     * @throws RejectedEventException NOT_JSON if the bytes are not one JSON value in UTF-8
     */
    static JsonNode parse(byte[] bytes, String what) throws RejectedEventException {
        try {
            JsonNode node = READER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new RejectedEventException(RejectReason.SCHEMA_INVALID, what + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new RejectedEventException(RejectReason.NOT_JSON,
                    what + " is not JSON: " + firstLine(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
        }
    }

    /** Requires a JSON object. */
    static JsonNode requireObject(JsonNode node, String what) throws RejectedEventException {
        if (!node.isObject()) {
            throw new RejectedEventException(RejectReason.SCHEMA_INVALID,
                    what + " is a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + ", expected an object");
        }
        return node;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
