package io.postflight.contracts.intake;

import java.util.Objects;

/** An incoming event could not be turned into a {@link io.postflight.contracts.DeployEvent}. */
public class RejectedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public RejectedEventException(RejectReason reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
