package io.postflight.verdict.release;

import static io.postflight.verdict.http.QueryValues.blankToNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
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
import io.postflight.verdict.stream.HistoryView;
import io.postflight.verdict.stream.VerdictApiTopology;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /gates/release/{service}/{environment}?version=&digest=}: may this artifact be deployed
 * there now? {@code 200} with {@code ALLOW}, {@code 412} with {@code BLOCK} and every reason (so
 * {@code curl --fail} in a pipeline step stops on a block), the same JSON either way. Callers need a
 * gate role ({@code postflight.verdict-api.gates.roles}, checked by the gate access filter). Each
 * answer is recorded on the bus before it is given ({@link GateAnswerEvent} on
 * {@code postflight.verdict-api.gate-answers}, acknowledged by the broker; without the
 * acknowledgement the caller gets a 503 and asks again), logged, and counted
 * ({@code postflight.release.gate.answers{environment,decision}}).
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // GateAccessFilter admits callers with a gate role
@ExecuteOn(TaskExecutors.BLOCKING) // scans the store (RocksDB)
public class ReleaseGateController {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseGateController.class);
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[^\\s/\\p{Cc}\\p{Cf}]{1,200}");
    private final HistoryView view;
    private final ReleasePolicies policies;
    private final GateRecords records;
    private final ApiMetrics apiMetrics;
    private final MeterRegistry registry;
    private final AcknowledgedWriter writer;
    private final ReleaseGateConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReleaseGateController(HistoryView view, ReleasePolicies policies, GateRecords records,
                                 ApiMetrics apiMetrics, MeterRegistry registry, AcknowledgedWriter writer,
                                 ReleaseGateConfig config) {
        this.writer = writer;
        this.config = config;
        this.view = view;
        this.policies = policies;
        this.records = records;
        this.apiMetrics = apiMetrics;
        this.registry = registry;
    }

    @Get(uri = "/gates/release/{service}/{environment}", produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getReleaseGate", summary = "May this artifact be deployed to this environment now?")
    @Tag(name = "gates")
    @ApiResponse(responseCode = "200", description = "ALLOW: every check holds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReleaseAnswer.class)))
    @ApiResponse(responseCode = "412", description = "BLOCK, with every check and reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReleaseAnswer.class)))
    @ApiResponse(responseCode = "400", description = "invalid-request: a name with '/', blanks or over 200 characters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "no-credentials, invalid-token or expired-token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "missing-role: none of the gate roles",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503",
            description = "not-ready: state still loading, or the answer could not be recorded on the bus (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> gate(HttpRequest<?> request, @PathVariable String service,
                                     @PathVariable String environment, @QueryValue @Nullable String version,
                                     @QueryValue @Nullable String digest) {
        Instant now = clock.instant();
        String asked = blankToNull(version);
        String artifact = blankToNull(digest);
        if (!NAME.matcher(service).matches() || !NAME.matcher(environment).matches()
                || asked != null && !NAME.matcher(asked).matches() || artifact != null && !NAME.matcher(artifact).matches()) {
            // Recorded for ever on the bus and keyed <service>/<environment>: names must be names.
            apiMetrics.refused(ApiRefusal.INVALID_REQUEST);
            return ApiRefusal.INVALID_REQUEST.response("service, environment, version and digest have no '/', blanks"
                    + " or control characters and at most 200 characters each");
        }
        ReleaseAnswer answer;
        try {
            List<GateRecord> granted = records.of(service, environment);
            answer = view.scan(all -> ReleaseGate.answer(service, environment, asked, artifact,
                    policies.of(environment), all, granted, now));
        } catch (InvalidStateStoreException e) {
            apiMetrics.refused(ApiRefusal.NOT_READY);
            return ApiRefusal.NOT_READY.response("the service is loading or rebalancing its state; try again shortly");
        }
        // Who asked is part of the record: the token's subject (the gate access filter let only tokens in).
        String who = request.getUserPrincipal(Authentication.class).map(Authentication::getName).orElse("unknown");
        GateRecordWrites.Outcome recorded = GateRecordWrites.acknowledged(writer, config.writeTimeout(),
                VerdictApiTopology.GATE_ANSWERS.name(), GateAnswerEvent.key(answer), GateAnswerEvent.of(answer, who),
                GateAnswerEvent.HEADERS, "release gate answer for " + service + " to " + environment);
        if (recorded != GateRecordWrites.Outcome.ACKNOWLEDGED) {
            // An answer nobody can audit is not given: the pipeline asks again.
            apiMetrics.refused(ApiRefusal.NOT_READY);
            return ApiRefusal.NOT_READY.response(recorded == GateRecordWrites.Outcome.INTERRUPTED
                    ? "interrupted before the answer was recorded; ask again"
                    : "the answer could not be recorded on the bus in time; ask again");
        }
        Counter.builder("postflight.release.gate.answers").description("release gate answers")
                .tag("environment", policies.has(environment) ? environment : "unconfigured")
                .tag("decision", answer.decision()).register(registry).increment();
        LOG.info("release gate: {} {} to {} ({}) asked by {}: {}", answer.decision(), service, environment,
                artifact != null ? artifact : asked, who, answer.allowed() ? "every check holds" : String.join("; ", answer.reasons()));
        return HttpResponse.<String>status(answer.allowed() ? HttpStatus.OK : HttpStatus.PRECONDITION_FAILED)
                .body(ProblemResponses.json(answer)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
