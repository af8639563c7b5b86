package io.postflight.verdict.release;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.http.ApiMetrics;
import io.postflight.verdict.http.ApiRefusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a slot's approvals and emergency exceptions ({@code GET /approvals/{service}/{environment}},
 * each in force, expired or revoked) and revokes one before it expires
 * ({@code POST /approvals/.../{id}/revocation} by an approver role,
 * {@code POST /emergency-exceptions/.../{id}/revocation} by an emergency role). A revocation is one
 * more record on the gate records topic, so the audit trail keeps both; from then on the revoked
 * record grants nothing.
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // ApprovalAccessFilter admits approver and emergency roles
@ExecuteOn(TaskExecutors.BLOCKING) // reads the store, waits for the broker's acknowledgement
@Tag(name = "gates")
@ApiResponse(responseCode = "400", description = "invalid-request: a missing or malformed reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "no-credentials, invalid-token or expired-token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "missing-role: not the role this record needs",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "not-found: no such approval or exception for the slot",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "not-ready: loading state, or the broker did not acknowledge",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RevocationController {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationController.class);
    private final GateRecords records;
    private final AcknowledgedWriter writer;
    private final ReleaseGateConfig config;
    private final ApiMetrics metrics;
    private final ApprovalController.RecordCounter recorded;
    private final Clock clock = Clock.systemUTC();

    /** Why a record is revoked, in words the audit trail keeps (at most 500 characters). */
    public record Request(@Nullable String reason) {
    }

    /**
     * An approval or exception as listed.
     *
     * @param state {@code IN_FORCE}, {@code EXPIRED} or {@code REVOKED}
     * @param revocation the revocation, when revoked
     */
    public record Listed(GateRecord record, String state, @Nullable GateRecord revocation) {
    }

    public RevocationController(GateRecords records, AcknowledgedWriter writer, ReleaseGateConfig config,
                                ApiMetrics metrics, MeterRegistry registry) {
        this.records = records;
        this.writer = writer;
        this.config = config;
        this.metrics = metrics;
        this.recorded = new ApprovalController.RecordCounter(registry);
    }

    @Get(uri = ApprovalController.APPROVALS + "/{service}/{environment}", produces = {MediaType.APPLICATION_JSON,
            Problem.MEDIA_TYPE})
    @Operation(operationId = "listApprovals",
            summary = "The slot's approvals and emergency exceptions, newest first (approver or emergency role)")
    @ApiResponse(responseCode = "200", description = "every approval and exception of the slot",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Listed.class)))
    public HttpResponse<String> list(@PathVariable String service, @PathVariable String environment) {
        List<GateRecord> all;
        try {
            all = records.of(service, environment);
        } catch (InvalidStateStoreException e) {
            return refuse(ApiRefusal.NOT_READY, "the service is loading or rebalancing its state; try again shortly");
        }
        Instant now = clock.instant();
        List<Listed> listed = all.stream()
                .filter(r -> GateRecord.APPROVAL.equals(r.kind()) || GateRecord.EXCEPTION.equals(r.kind()))
                .sorted(Comparator.comparing(GateRecord::recordedAt).reversed())
                .map(r -> {
                    GateRecord revocation = revocationOf(all, r).orElse(null);
                    String state = revocation != null ? "REVOKED" : now.isBefore(r.expiresAt()) ? "IN_FORCE" : "EXPIRED";
                    return new Listed(r, state, revocation);
                }).toList();
        return HttpResponse.<String>ok(ProblemResponses.json(listed)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Post(uri = ApprovalController.APPROVALS + "/{service}/{environment}/{id}/revocation",
            consumes = MediaType.APPLICATION_JSON, produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "revokeApproval", summary = "Revoke an approval before it expires (approver role)")
    @ApiResponse(responseCode = "201", description = "revoked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GateRecord.class)))
    public HttpResponse<String> revokeApproval(HttpRequest<?> http, @PathVariable String service,
                                               @PathVariable String environment, @PathVariable String id,
                                               @Body Request request) {
        return revoke(http, GateRecord.APPROVAL, config.approverRoles(), service, environment, id, request);
    }

    @Post(uri = ApprovalController.EXCEPTIONS + "/{service}/{environment}/{id}/revocation",
            consumes = MediaType.APPLICATION_JSON, produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "revokeEmergencyException",
            summary = "Revoke an emergency exception before it expires (emergency role)")
    @ApiResponse(responseCode = "201", description = "revoked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GateRecord.class)))
    public HttpResponse<String> revokeException(HttpRequest<?> http, @PathVariable String service,
                                                @PathVariable String environment, @PathVariable String id,
                                                @Body Request request) {
        return revoke(http, GateRecord.EXCEPTION, config.emergencyRoles(), service, environment, id, request);
    }

    private HttpResponse<String> revoke(HttpRequest<?> http, String kind, List<String> needed, String service,
                                        String environment, String id, Request request) {
        Authentication who = http.getUserPrincipal(Authentication.class).orElse(null);
        List<String> roles = GateRequests.rolesAmong(http, needed);
        if (roles.isEmpty()) {
            return refuse(ApiRefusal.MISSING_ROLE, "revoking an " + kind + " needs one of the roles " + needed);
        }
        String badReason = GateRequests.invalidReason(request.reason());
        if (badReason != null) {
            return refuse(ApiRefusal.INVALID_REQUEST, badReason);
        }
        List<GateRecord> all;
        try {
            all = records.of(service, environment);
        } catch (InvalidStateStoreException e) {
            return refuse(ApiRefusal.NOT_READY, "the service is loading or rebalancing its state; try again shortly");
        }
        Optional<GateRecord> target = all.stream().filter(r -> r.kind().equals(kind) && r.id().equals(id)
                && r.environment().equals(environment)).findFirst();
        if (target.isEmpty()) {
            return refuse(ApiRefusal.NOT_FOUND, "no " + kind + " " + id + " for " + service + " in " + environment
                    + " (it may not be read back yet)");
        }
        Optional<GateRecord> earlier = revocationOf(all, target.get());
        if (earlier.isPresent()) {
            return HttpResponse.<String>ok(ProblemResponses.json(earlier.get()))
                    .contentType(MediaType.APPLICATION_JSON_TYPE); // already revoked: the same answer again
        }
        Instant now = clock.instant();
        GateRecord t = target.get();
        GateRecord r = new GateRecord(GateRecord.REVOCATION, UUID.randomUUID().toString(), service, environment,
                t.digest(), who.getName(), roles, request.reason().strip(), now, t.expiresAt(), null, null, null,
                t.key());
        Optional<String> notConfirmed = GateRecordWrites.write(writer, config.writeTimeout(), r);
        if (notConfirmed.isPresent()) {
            return refuse(ApiRefusal.NOT_READY, notConfirmed.get());
        }
        recorded.increment(r.kind(), environment);
        LOG.info("release gate {} {} revoked by {} ({}): {}", kind, id, r.who(), String.join(",", roles), r.reason());
        return HttpResponse.<String>status(HttpStatus.CREATED).body(ProblemResponses.json(r))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static Optional<GateRecord> revocationOf(List<GateRecord> all, GateRecord r) {
        return all.stream().filter(x -> GateRecord.REVOCATION.equals(x.kind()) && r.key().equals(x.revokes()))
                .min(Comparator.comparing(GateRecord::recordedAt));
    }

    private HttpResponse<String> refuse(ApiRefusal refusal, String detail) {
        metrics.refused(refusal);
        return refusal.response(detail);
    }
}
