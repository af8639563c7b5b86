package io.postflight.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Identifiers;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Topics;
import io.postflight.httpkit.RequestKeys;
import io.postflight.httpkit.ClientRateLimiter;
import io.postflight.httpkit.JsonBodyErrors;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.TokenCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /deployments/{id}/overrides}: an operator's override (PROMOTE, ROLLBACK, RELEASE_HOLD,
 * EXTEND, ABORT, with a reason), written to the override topic for the decision engine, which
 * applies or refuses it once. Answers, without holding a thread while it waits: {@code 200} applied
 * (with the verdict after) or {@code 409} refused (with why) when the audit record comes within
 * {@code audit-wait}, else {@code 202} pending (with where to look). Every refusal of the request
 * itself is a problem document, counted by reason.
 * <p>
 * Open to anonymous requests at micronaut-security's level on purpose, as the HTTP intake is
 * (docs/adr/0022): the token is validated by micronaut-security-jwt, and this controller refuses
 * and counts what carries none or holds no operator role (docs/adr/0024). It exists only once
 * {@link OverridesGuard} has found micronaut-security on and token validation configured.
 * <p>
 * An override id names one override: a request under an id whose audit record this instance has
 * seen is answered from it (the same override) or refused (another one) without writing; any other
 * request is written, and the decision engine answers a repeat it knows with an audit record
 * marked {@code repeat}.
 */
@Controller
@Requires(property = OverridesConfig.PREFIX + ".enabled", value = "true")
@Secured(SecurityRule.IS_ANONYMOUS)
public class OverrideController {
    private static final Logger LOG = LoggerFactory.getLogger(OverrideController.class);

    private final OverridesConfig config;
    private final OverrideSubmitter submitter;
    private final DeploymentSlots slots;
    private final ClientRateLimiter limiter;
    private final TokenCheck operators;
    private final IntakeMetrics metrics;
    private final RequestKeys clients;
    private final Clock clock = Clock.systemUTC();

    /** @param guard not used: asking for it means the controller never exists unless the guard passed */
    public OverrideController(OverridesConfig config, OverrideSubmitter submitter, DeploymentSlots slots,
                              IntakeMetrics metrics, RequestKeys clients, OverridesGuard guard) {
        this.config = config;
        this.submitter = submitter;
        this.slots = slots;
        this.limiter = new ClientRateLimiter(config.requestsPerMinute(), config.burst(), config.maxClients());
        this.operators = new TokenCheck(config.operatorRoles());
        this.metrics = metrics;
        this.clients = clients;
    }

    @Post(uri = OverridesConfig.PATH, consumes = MediaType.ALL, produces = {MediaType.APPLICATION_JSON,
            Problem.MEDIA_TYPE})
    @Tag(name = GatewayApiDocument.OVERRIDES)
    @Operation(operationId = "postOverride", summary = "Override a deployment's verification",
            description = "PROMOTE, ROLLBACK, RELEASE_HOLD (with releaseTo), EXTEND (with phase and extendBy) or"
                    + " ABORT, with a reason. Applied or refused once by the decision engine; the answer waits up"
                    + " to audit-wait for its audit record. Posting the same overrideId again is safe.")
    @SecurityRequirement(name = GatewayApiDocument.BEARER)
    @ApiResponse(responseCode = "200", description = "applied",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OverrideAnswer.class)))
    @ApiResponse(responseCode = "202", description = "written, not yet applied (status pending)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OverrideAnswer.class)))
    @ApiResponse(responseCode = "400", description = "missing-reason or bad-override", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "no-credentials, invalid-token or expired-token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "not-an-operator", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "unknown-deployment: name its slot in the body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "override-refused by the decision engine, saying why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "oversized", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "unsupported-media-type: send application/json", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "rate-limited (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "broker-unavailable: retry with the same overrideId", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletableFuture<HttpResponse<String>> post(
            @PathVariable("id") @Parameter(description = "the deployment id") String id,
            @Parameter(hidden = true) HttpRequest<?> request,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OverrideRequest.class)))
            @Body @Nullable byte[] body,
            @Parameter(hidden = true) @Nullable Authentication authentication) {
        OverrideCommand command;
        try {
            command = check(id, request, body == null ? new byte[0] : body, authentication);
        } catch (IntakeRefusal refusal) {
            return CompletableFuture.completedFuture(refuse(refusal));
        }
        AuditRecord known = submitter.audited(command.overrideId());
        if (known != null) {
            // This instance has seen the id's audit record: a repeat is answered from it, without writing.
            if (!command.sameOverrideAs(known.override())) {
                return CompletableFuture.completedFuture(refuse(new IntakeRefusal(Refusal.OVERRIDE_REFUSED,
                        command.idTakenBy(known.override()))));
            }
            return CompletableFuture.completedFuture(answer(command, Optional.of(known)));
        }
        LOG.info("override {} by {} of {}: {} ({})", command.overrideId(), command.who(), command.deploymentId(),
                command.describe(), command.reason());
        return submitter.submit(command).handle((audit, error) -> {
            if (error != null) {
                LOG.warn("override {} not acknowledged by Kafka: {}", command.overrideId(), error.toString());
                return refuse(new IntakeRefusal(Refusal.BROKER_UNAVAILABLE,
                        "the override could not be stored; try again later (same overrideId)"));
            }
            return answer(command, audit);
        });
    }

    private OverrideCommand check(String id, HttpRequest<?> request, byte[] body, Authentication authentication)
            throws IntakeRefusal {
        String principal = authentication == null ? null : authentication.getName();
        String client = clients.of(principal, request); // never a header the caller picks
        if (limiter.acquire(client, System.nanoTime()) > 0) {
            throw new IntakeRefusal(Refusal.RATE_LIMITED, "more than " + config.requestsPerMinute()
                    + " override requests a minute (burst " + config.burst() + ") from this client");
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            throw new IntakeRefusal(Refusal.NO_CREDENTIALS, "send a bearer token (Authorization: Bearer ...) of a"
                    + " subject with one of the roles " + config.operatorRoles());
        }
        String who;
        try {
            who = operators.check(authorization, principal, authentication == null ? null : authentication.getRoles(),
                    clock.instant());
        } catch (TokenCheck.Refused refused) {
            throw new IntakeRefusal(refused.fault() == TokenCheck.Fault.MISSING_ROLE ? Refusal.NOT_AN_OPERATOR
                    : Refusal.of(refused.fault()), refused.getMessage());
        }
        if (body.length > config.maxRequestBytes()) {
            throw new IntakeRefusal(Refusal.OVERSIZED, "the body is " + body.length + " bytes, above the limit of "
                    + config.maxRequestBytes());
        }
        String type = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_JSON)) {
            throw new IntakeRefusal(Refusal.UNSUPPORTED_MEDIA_TYPE, "send the override as application/json");
        }
        String deploymentId = printable("deployment id (the path)", id, Identifiers.MAX_ID);
        OverrideRequest r = parse(body);
        if (r.reason() == null || r.reason().isBlank()) {
            throw new IntakeRefusal(Refusal.MISSING_REASON, "reason: say why you override (it goes to the audit"
                    + " record and the decision)");
        }
        if (r.action() == null) {
            throw new IntakeRefusal(Refusal.BAD_OVERRIDE, "action: one of PROMOTE, ROLLBACK, RELEASE_HOLD, EXTEND,"
                    + " ABORT");
        }
        String overrideId = r.overrideId() == null ? UUID.randomUUID().toString() : r.overrideId().strip();
        String slot = slotOf(deploymentId, r);
        try {
            return new OverrideCommand(null, overrideId, deploymentId, slot, r.action(), r.releaseTo(), r.phase(),
                    r.extendBy(), r.reason(), who, clock.instant()).checked();
        } catch (IllegalArgumentException e) {
            String detail = e.getMessage().startsWith("who:")
                    ? "your token's subject is not usable as the audit record's who (" + e.getMessage() + ")"
                    : e.getMessage();
            throw new IntakeRefusal(Refusal.BAD_OVERRIDE, detail);
        }
    }

    /** {@code value} if printable text of at most {@code max} characters; else a refusal saying why. */
    private static String printable(String field, String value, int max) throws IntakeRefusal {
        try {
            return Identifiers.text(field, value, max);
        } catch (IllegalArgumentException e) {
            throw new IntakeRefusal(Refusal.BAD_OVERRIDE, e.getMessage());
        }
    }

    private String slotOf(String id, OverrideRequest r) throws IntakeRefusal {
        String known = slots.slotOf(id);
        if (known != null) {
            return known;
        }
        if (r.service() != null && !r.service().isBlank() && r.environment() != null && !r.environment().isBlank()) {
            try {
                return DeploymentRef.slotOf(Identifiers.slotPart("service", r.service().strip()),
                        Identifiers.slotPart("environment", r.environment().strip()));
            } catch (IllegalArgumentException e) {
                throw new IntakeRefusal(Refusal.BAD_OVERRIDE, e.getMessage());
            }
        }
        throw new IntakeRefusal(Refusal.UNKNOWN_DEPLOYMENT, "this gateway does not know deployment '" + id
                + "'; if it was announced, name its slot with \"service\" and \"environment\" in the body");
    }

    private static OverrideRequest parse(byte[] body) throws IntakeRefusal {
        try {
            OverrideRequest r = body.length == 0 ? null : Json.MAPPER.readValue(body, OverrideRequest.class);
            if (r == null) {
                throw new IntakeRefusal(Refusal.BAD_OVERRIDE, "the body is empty; send {\"action\": ..., \"reason\": ...}");
            }
            return r;
        } catch (JsonProcessingException e) {
            // In the caller's words (the field and what it should hold): never Jackson's message.
            throw new IntakeRefusal(Refusal.BAD_OVERRIDE, JsonBodyErrors.describe(e));
        } catch (IOException e) {
            throw new IntakeRefusal(Refusal.BAD_OVERRIDE, "the body could not be read");
        }
    }

    private HttpResponse<String> answer(OverrideCommand o, Optional<AuditRecord> audit) {
        if (audit.isEmpty()) {
            metrics.overrideAnswered("pending");
            return json(HttpStatus.ACCEPTED, new OverrideAnswer(o.overrideId(), o.deploymentId(), o.slot(),
                    o.describe(), "pending", "written, not yet applied within " + config.auditWait() + "; its audit"
                    + " record will appear on " + Topics.AUDIT.name() + " (key " + o.slot() + ", overrideId "
                    + o.overrideId() + "), and posting the same overrideId again answers with it",
                    null, null, null, null));
        }
        AuditRecord a = audit.get();
        if (a.outcome() == AuditOutcome.REFUSED) {
            metrics.overrideAnswered("refused");
            return refuse(new IntakeRefusal(Refusal.OVERRIDE_REFUSED, "override " + o.overrideId() + " refused: "
                    + a.refusedBecause()));
        }
        metrics.overrideAnswered("applied");
        return json(HttpStatus.OK, new OverrideAnswer(o.overrideId(), o.deploymentId(), o.slot(), o.describe(),
                "applied", null, a.verdictBefore(), a.verdictAfter(), a.decisionId(), a));
    }

    private HttpResponse<String> refuse(IntakeRefusal refusal) {
        Refusal r = refusal.refusal();
        metrics.overrideRefused(r);
        if (r != Refusal.RATE_LIMITED) {
            LOG.info("override request refused: {} ({})", r.tag(), refusal.getMessage());
        }
        return RefusalResponses.of(refusal, config.retryAfter());
    }

    private static HttpResponse<String> json(HttpStatus status, Object body) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(write(body));
    }

    private static String write(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }
}
