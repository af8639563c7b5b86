package io.postflight.gateway.http;

import java.util.Objects;

/**
 * A request the HTTP intake refuses, with what to tell the caller. The detail is about the
 * request only (which header, which field, which limit), never about Postflight's insides.
 */
public final class IntakeRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    public IntakeRefusal(Refusal refusal, String detail) {
        super(detail, null, false, false);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public Refusal refusal() {
        return refusal;
    }
}
