package io.postflight.provider.scrape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format (version 0.0.4, and the sample lines of
 * OpenMetrics 1.0): {@code # HELP} and {@code # TYPE} lines, other comments, samples with
 * optional labels (escapes {@code \\}, {@code \"}, {@code \n}), values including {@code NaN},
 * {@code +Inf}, {@code -Inf}, optional millisecond timestamps, trailing exemplars, quoted
 * (UTF-8) metric and label names, and {@code # EOF}. Stateless and thread-safe.
 */
public final class ExpositionParser {

    private ExpositionParser() {
    }

    /** Parses a whole page; throws on the first malformed line. */
    public static Exposition parse(String text) throws ExpositionFormatException {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Map<String, String> help = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                comment(trimmed, types, help);
            } else {
                samples.add(new LineReader(line, n + 1).sample());
            }
        }
        return new Exposition(samples, types, help);
    }

    private static void comment(String line, Map<String, String> types, Map<String, String> help) {
        String[] parts = line.substring(1).strip().split("[ \t]+", 3);
        if (parts.length >= 2 && parts[0].equals("TYPE")) {
            types.put(parts[1], parts.length == 3 ? parts[2].strip() : "untyped");
        } else if (parts.length >= 2 && parts[0].equals("HELP")) {
            help.put(parts[1], parts.length == 3 ? unescapeHelp(parts[2]) : "");
        }
        // Any other comment (and OpenMetrics' "# EOF", "# UNIT") carries nothing we use.
    }

    private static String unescapeHelp(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (c == '\\' && (next == 'n' || next == '\\')) {
                out.append(next == 'n' ? '\n' : '\\');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Parses a value token: decimal, {@code NaN}, {@code +Inf}, {@code -Inf} (any case). */
    public static double parseValue(String token) {
        String lower = token.toLowerCase(java.util.Locale.ROOT);
        return switch (lower) {
            case "nan" -> Double.NaN;
            case "+inf", "inf", "+infinity", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                char last = lower.charAt(lower.length() - 1);
                if (last == 'd' || last == 'f') {
                    // Java would accept "1d"/"1f"; the format does not.
                    throw new NumberFormatException(token);
                }
                yield Double.parseDouble(token);
            }
        };
    }

    /** A cursor over one sample line. */
    private static final class LineReader {
        private final String line;
        private final int lineNumber;
        private int pos;

        LineReader(String line, int lineNumber) {
            this.line = line;
            this.lineNumber = lineNumber;
        }

        Sample sample() throws ExpositionFormatException {
            skipBlanks();
            String name = peek() == '{' ? null : identifier("metric name");
            Map<String, String> labels = new LinkedHashMap<>();
            boolean blank = skipBlanks();
            if (peek() == '{') {
                pos++;
                name = labels(labels, name);
                blank = skipBlanks();
            }
            if (name == null || name.isEmpty()) {
                throw error("no metric name");
            }
            if (!blank) {
                throw error("expected whitespace before the value");
            }
            double value = number(token("value"));
            Long timestamp = null;
            skipBlanks();
            if (pos < line.length() && peek() != '#') {
                String ts = token("timestamp");
                try {
                    timestamp = (long) Double.parseDouble(ts);
                } catch (NumberFormatException e) {
                    throw error("bad timestamp '" + ts + "'");
                }
                skipBlanks();
            }
            if (pos < line.length() && peek() != '#') {
                throw error("unexpected text after the value: '" + line.substring(pos) + "'");
            }
            return new Sample(name, labels, value, timestamp);
        }

        /** Reads labels up to and including '}'; returns the metric name (maybe found inside). */
        private String labels(Map<String, String> labels, String name) throws ExpositionFormatException {
            while (true) {
                skipBlanks();
                if (peek() == '}') {
                    pos++;
                    return name;
                }
                boolean quoted = peek() == '"';
                String label = quoted ? quoted() : identifier("label name");
                skipBlanks();
                if (quoted && name == null && (peek() == ',' || peek() == '}')) {
                    name = label;
                } else {
                    expect('=');
                    skipBlanks();
                    if (peek() != '"') {
                        throw error("label value of '" + label + "' is not quoted");
                    }
                    if (labels.put(label, quoted()) != null) {
                        throw error("duplicate label '" + label + "'");
                    }
                    skipBlanks();
                }
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' in the labels");
                }
            }
        }

        private String quoted() throws ExpositionFormatException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && pos < line.length()) {
                    char next = line.charAt(pos++);
                    switch (next) {
                        case 'n' -> out.append('\n');
                        case '\\' -> out.append('\\');
                        case '"' -> out.append('"');
                        default -> out.append('\\').append(next);
                    }
                } else {
                    out.append(c);
                }
            }
            throw error("unterminated quoted string");
        }

        private String identifier(String what) throws ExpositionFormatException {
            int start = pos;
            while (pos < line.length()) {
                char c = line.charAt(pos);
                boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (pos > start && c >= '0' && c <= '9');
                if (!ok) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw error("expected a " + what);
            }
            return line.substring(start, pos);
        }

        private String token(String what) throws ExpositionFormatException {
            int start = pos;
            while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
                pos++;
            }
            if (pos == start) {
                throw error("missing " + what);
            }
            return line.substring(start, pos);
        }

        private double number(String token) throws ExpositionFormatException {
            try {
                return parseValue(token);
            } catch (NumberFormatException e) {
                throw error("bad value '" + token + "'");
            }
        }

        private boolean skipBlanks() {
            int start = pos;
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
            return pos > start;
        }

        private char peek() {
            return pos < line.length() ? line.charAt(pos) : '\0';
        }

        private void expect(char c) throws ExpositionFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private ExpositionFormatException error(String message) {
            return new ExpositionFormatException(lineNumber, message + " in: " + line);
        }
    }
}
