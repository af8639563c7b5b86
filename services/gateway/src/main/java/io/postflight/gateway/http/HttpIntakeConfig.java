package io.postflight.gateway.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/**
 * HTTP intake settings ({@code postflight.gateway.http-intake.*}). Off unless {@code enabled}; on,
 * every request needs a bearer token with {@code deployer-role} (validated by micronaut-security-jwt,
 * {@code micronaut.security.token.jwt.signatures.*}) or a webhook signature made with
 * {@code webhook-secret}. See docs/integrations/webhooks.md.
 *
 * @param enabled serve {@code POST /intake/deploy-events}
 * @param maxRequestBytes largest request body; each event in it is also held to
 *     {@code postflight.gateway.max-event-bytes}
 * @param maxBatchEvents most events in one {@code application/cloudevents-batch+json} request
 * @param deployerRole the role (from the token's roles claim, {@code micronaut.security.token.roles-name})
 *     that may announce deployments
 * @param requestsPerMinute sustained requests per client (token subject, else source address)
 * @param burst requests a client may make at once above the sustained rate
 * @param maxClients clients whose rate is tracked at once; the least recently seen is forgotten first
 * @param webhookSecret shared secret of signed webhooks (env
 *     {@code POSTFLIGHT_GATEWAY_HTTP_INTAKE_WEBHOOK_SECRET}); unset: signed webhooks are refused
 * @param signatureHeader header carrying {@code sha256=<hex HMAC-SHA256 of the raw body>}
 * @param deliveryHeader header carrying the delivery id a signed webhook must send; one seen
 *     within {@code replay-window} is refused
 * @param replayWindow how long a delivery id is remembered
 * @param replayWindowSize most delivery ids remembered; beyond it the oldest are forgotten first
 * @param maxClockSkew a signed webhook whose CloudEvent {@code time} is further than this from now, or missing, is refused
 * @param sendTimeout longest wait for the broker's acknowledgement; then 503
 * @param retryAfter what a 503 or 429 tells the caller to wait
 */
@ConfigurationProperties(HttpIntakeConfig.PREFIX)
public record HttpIntakeConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Min(1024) @Max(16 * 1024 * 1024) @Bindable(defaultValue = "1048576") int maxRequestBytes,
        @Min(1) @Max(1000) @Bindable(defaultValue = "100") int maxBatchEvents,
        @NotBlank @Bindable(defaultValue = "deployer") String deployerRole,
        @Min(1) @Bindable(defaultValue = "120") int requestsPerMinute,
        @Min(1) @Bindable(defaultValue = "30") int burst,
        @Min(1) @Bindable(defaultValue = "10000") int maxClients,
        @Nullable @Size(min = 16, message = "postflight.gateway.http-intake.webhook-secret must have at least 16"
                + " characters") String webhookSecret,
        @NotBlank @Bindable(defaultValue = "X-Hub-Signature-256") String signatureHeader,
        @NotBlank @Bindable(defaultValue = "X-GitHub-Delivery") String deliveryHeader,
        @NotNull @Bindable(defaultValue = "15m") Duration replayWindow,
        @Min(1) @Bindable(defaultValue = "100000") int replayWindowSize,
        @NotNull @Bindable(defaultValue = "5m") Duration maxClockSkew,
        @NotNull @Bindable(defaultValue = "10s") Duration sendTimeout,
        @NotNull @Bindable(defaultValue = "10s") Duration retryAfter) {

    public static final String PREFIX = "postflight.gateway.http-intake";
    /** Where deploy events are posted. */
    public static final String PATH = "/intake/deploy-events";

    /** Whether signed webhooks are accepted (a secret is configured). */
    public boolean webhooksOn() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }
}
