package io.postflight.provider.scrape;

import java.io.IOException;

/** A {@code /metrics} page that is not valid Prometheus text format; names the line. */
public class ExpositionFormatException extends IOException {

    private final int line;

    public ExpositionFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** 1-based line number of the offending line. */
    public int line() {
        return line;
    }
}
