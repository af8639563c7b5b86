package io.postflight.httpkit;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the body of every refusal of a
 * Postflight HTTP surface.
 *
 * @param type {@code urn:postflight:problem:<reason>}, stable for a caller to branch on
 * @param title the refusal's short, fixed title
 * @param status the HTTP status, repeated for clients that log only the body
 * @param detail what in this request was refused and why
 * @param reason the reason, as in the {@code reason} tag of the surface's refusal metric
 */
public record Problem(String type, String title, int status, String detail, String reason) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem for {@code reason} (a metric tag such as {@code invalid-token}). */
    public static Problem of(String reason, String title, int status, String detail) {
        return new Problem("urn:postflight:problem:" + reason, title, status, detail, reason);
    }
}
