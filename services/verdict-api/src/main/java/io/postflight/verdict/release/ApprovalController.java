package io.postflight.verdict.release;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the release gate cannot know by itself: an approver's approval of an artifact for an
 * environment ({@code POST /approvals/{service}/{environment}}) and an emergency exception that lets
 * it through a deployment window or a change freeze ({@code POST /emergency-exceptions/...}, a
 * separate role). Each is written once to {@code postflight.verdict-api.gate-records} (acknowledged
 * by the broker before the answer), which every instance reads back and which is their audit trail;
 * each is logged with who, what and why. {@code 201} with the record.
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // ApprovalAccessFilter admits approver and emergency roles
@ExecuteOn(TaskExecutors.BLOCKING) // waits for the broker's acknowledgement
@Tag(name = "gates")
@ApiResponse(responseCode = "201", description = "recorded",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GateRecord.class)))
@ApiResponse(responseCode = "400", description = "invalid-request: a malformed digest or a missing reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "no-credentials, invalid-token or expired-token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "missing-role: not the role this record needs",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "not-found: no release policy for the environment",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "not-ready: the broker did not acknowledge the record",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ApprovalController {
    static final String APPROVALS = "/approvals";
    static final String EXCEPTIONS = "/emergency-exceptions";
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalController.class);
    private final AcknowledgedWriter writer;
    private final ReleasePolicies policies;
    private final ReleaseGateConfig config;
    private final ApiMetrics metrics;
    private final RecordCounter recorded;
    private final Clock clock = Clock.systemUTC();

    /**
     * {@code postflight.release.gate.records{kind,environment}}: approvals, exceptions and (environment
     * {@code *}) vulnerability summaries recorded.
     */
    record RecordCounter(MeterRegistry registry) {
        void increment(String kind, String environment) {
            Counter.builder("postflight.release.gate.records").description("release gate approvals, emergency"
                    + " exceptions and vulnerability summaries recorded").tag("kind", kind)
                    .tag("environment", environment).register(registry).increment();
        }
    }

    /**
     * What an approver or an emergency role sends.
     *
     * @param digest the artifact's sha256 digest
     * @param reason why, in words the audit trail keeps (at most 500 characters)
     */
    public record Request(@Nullable String digest, @Nullable String reason) {
    }

    public ApprovalController(AcknowledgedWriter writer, ReleasePolicies policies, ReleaseGateConfig config,
                              ApiMetrics metrics, MeterRegistry registry) {
        this.writer = writer;
        this.policies = policies;
        this.config = config;
        this.metrics = metrics;
        this.recorded = new RecordCounter(registry);
    }

    @Post(uri = APPROVALS + "/{service}/{environment}", consumes = MediaType.APPLICATION_JSON,
            produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "approveArtifact", summary = "Approve an artifact for an environment (approver role)")
    public HttpResponse<String> approve(HttpRequest<?> http, @PathVariable String service,
                                        @PathVariable String environment, @Body Request request) {
        return record(http, GateRecord.APPROVAL, config.approverRoles(), config.approvalValidity(), service,
                environment, request);
    }

    @Post(uri = EXCEPTIONS + "/{service}/{environment}", consumes = MediaType.APPLICATION_JSON,
            produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "grantEmergencyException",
            summary = "Let an artifact through deployment windows and change freezes (emergency role)")
    public HttpResponse<String> except(HttpRequest<?> http, @PathVariable String service,
                                       @PathVariable String environment, @Body Request request) {
        return record(http, GateRecord.EXCEPTION, config.emergencyRoles(), config.exceptionValidity(), service,
                environment, request);
    }

    private HttpResponse<String> record(HttpRequest<?> http, String kind, List<String> needed, Duration validity,
                                        String service, String environment, Request request) {
        Authentication who = http.getUserPrincipal(Authentication.class).orElse(null);
        List<String> roles = GateRequests.rolesAmong(http, needed);
        if (roles.isEmpty()) {
            return refuse(ApiRefusal.MISSING_ROLE, "an " + kind + " needs one of the roles " + needed);
        }
        if (!policies.has(environment)) {
            return refuse(ApiRefusal.NOT_FOUND, "no release policy for environment " + environment);
        }
        if (request.digest() == null || !ReleaseGate.DIGEST.matcher(request.digest()).matches()) {
            return refuse(ApiRefusal.INVALID_REQUEST, "digest must be a sha256 digest (sha256: and 64 lower-case hex"
                    + " digits): an " + kind + " is for one artifact, never a tag");
        }
        if (!GateRequests.SERVICE.matcher(service).matches()) {
            return refuse(ApiRefusal.INVALID_REQUEST, "the service name has no '/' or blanks and at most 200 characters");
        }
        String badReason = GateRequests.invalidReason(request.reason());
        if (badReason != null) {
            return refuse(ApiRefusal.INVALID_REQUEST, badReason);
        }
        Instant now = clock.instant();
        GateRecord r = new GateRecord(kind, UUID.randomUUID().toString(), service, environment, request.digest(),
                who.getName(), roles, request.reason().strip(), now, now.plus(validity));
        Optional<String> notConfirmed = GateRecordWrites.write(writer, config.writeTimeout(), r);
        if (notConfirmed.isPresent()) {
            return refuse(ApiRefusal.NOT_READY, notConfirmed.get());
        }
        recorded.increment(kind, environment);
        LOG.info("release gate {} {} recorded: {} in {} for {} by {} ({}) until {}: {}", kind, r.id(), service,
                environment, r.digest(), r.who(), String.join(",", roles), r.expiresAt(), r.reason());
        return HttpResponse.<String>status(HttpStatus.CREATED).body(ProblemResponses.json(r))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private HttpResponse<String> refuse(ApiRefusal refusal, String detail) {
        metrics.refused(refusal);
        return refusal.response(detail);
    }
}
