package io.postflight.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What "compatible" means for a record written by one release and read by another: every value an
 * older record held is still there, under the same name, with the same value, once the newer code
 * has read it and written it back; new fields may be added, and a record's {@code schema} may name
 * the version it is now read as ({@link ContractVersions}). Checked on the committed golden
 * records of contracts and of the services' state stores (contracts/README.md). Pure.
 */
public final class ContractCompatibility {

    private ContractCompatibility() {
    }

    /**
     * Paths ({@code $.a.b[0]}) of {@code older}'s values that {@code newer} lacks or holds
     * differently; empty when {@code newer} keeps all of them. Numbers compare by value.
     */
    public static List<String> missingOrChanged(JsonNode older, JsonNode newer) {
        List<String> problems = new ArrayList<>();
        compare(older, newer, "$", problems);
        return problems;
    }

    private static void compare(JsonNode expected, JsonNode actual, String path, List<String> problems) {
        if (expected.isObject()) {
            if (actual == null || !actual.isObject()) {
                problems.add(path + ": " + expected + " became " + actual);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey(), problems);
            }
        } else if (expected.isArray()) {
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
                problems.add(path + ": " + expected + " became " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), path + "[" + i + "]", problems);
            }
        } else if (path.endsWith(".schema") && expected.isTextual() && actual != null && actual.isTextual()
                && ContractVersions.readsAs(expected.textValue(), actual.textValue())) {
            return; // an older version read as the current one is written as the current one
        } else if (actual == null || !sameValue(expected, actual)) {
            problems.add(path + ": " + expected + " became " + actual);
        }
    }

    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        return expected.isNumber() && actual.isNumber()
                ? expected.decimalValue().compareTo(actual.decimalValue()) == 0 : expected.equals(actual);
    }
}
