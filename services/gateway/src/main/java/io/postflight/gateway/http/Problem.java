package io.postflight.gateway.http;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the body of every refusal.
 *
 * @param type {@code urn:postflight:problem:<reason>}, stable for a caller to branch on
 * @param title the refusal's short, fixed title
 * @param status the HTTP status, repeated for clients that log only the body
 * @param detail what in this request was refused and why
 * @param reason the reason, as in the {@code reason} tag of {@code postflight.intake.http.refused}
 */
public record Problem(String type, String title, int status, String detail, String reason) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(IntakeRefusal refusal) {
        Refusal r = refusal.refusal();
        return new Problem("urn:postflight:problem:" + r.tag(), r.title(), r.status().getCode(), refusal.getMessage(),
                r.tag());
    }
}
