package io.postflight.verdict.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.rollback.RollbackConfig;
import io.postflight.verdict.rollback.RollbackState;
import io.postflight.verdict.rollback.RollbackStatus;
import io.postflight.verdict.rollback.RollbackTracking;
import io.postflight.verdict.stream.HistoryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The rollbacks of the last {@code watch-for} and whether each slot is back on a healthy version
 * (docs/runbooks/rollback-incomplete.md), newest first. Anonymous to micronaut-security on purpose:
 * {@link ReadAccessFilter} admits readers and counts every refusal.
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING) // scans the store (RocksDB)
@Tag(name = VerdictApiDocument.DELIVERY)
@ApiResponse(responseCode = "400", description = "invalid-query: a malformed parameter",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "no-credentials, invalid-token or expired-token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "missing-role: none of the reader roles",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "429", description = "rate-limited (Retry-After)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "not-ready: state still loading (Retry-After)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RollbackController {
    static final String PATH = "/rollbacks";
    private final HistoryView view;
    private final RollbackConfig config;
    private final ApiMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    public RollbackController(HistoryView view, RollbackConfig config, ApiMetrics metrics) {
        this.view = view;
        this.config = config;
        this.metrics = metrics;
    }

    @Get(uri = PATH, produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "listRollbacks", summary = "Recent rollbacks and whether each slot is back on a healthy version")
    @ApiResponse(responseCode = "200", description = "the rollbacks decided within watch-for (24 h), newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    array = @ArraySchema(schema = @Schema(implementation = RollbackStatus.class))))
    public HttpResponse<String> rollbacks(
            @QueryValue @Nullable @Parameter(description = "exact service name") String service,
            @QueryValue @Nullable @Parameter(description = "exact environment name") String environment,
            @QueryValue @Nullable @Parameter(description = "only rollbacks in this state",
                    schema = @Schema(implementation = RollbackState.class)) String state,
            @QueryValue @Nullable @Parameter(description = "true: only those past their deadline; false: only the others",
                    schema = @Schema(type = "boolean")) String overdue) {
        RollbackState wanted;
        Boolean lateOrNot;
        try {
            wanted = state == null || state.isBlank() ? null : RollbackState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            metrics.refused(ApiRefusal.INVALID_QUERY);
            return ApiRefusal.INVALID_QUERY.response("state must be one of " + Arrays.toString(RollbackState.values())
                    + ", was '" + state + "'");
        }
        if (overdue == null || overdue.isBlank()) {
            lateOrNot = null;
        } else if (overdue.strip().equalsIgnoreCase("true") || overdue.strip().equalsIgnoreCase("false")) {
            lateOrNot = Boolean.valueOf(overdue.strip());
        } else {
            metrics.refused(ApiRefusal.INVALID_QUERY);
            return ApiRefusal.INVALID_QUERY.response("overdue must be true or false, was '" + overdue + "'");
        }
        Boolean late = lateOrNot;
        Instant now = clock.instant();
        List<RollbackStatus> all;
        try {
            all = view.scan(h -> RollbackTracking.of(h, now, config.deadline(), config.watchFor(), config.followed()));
        } catch (InvalidStateStoreException e) {
            metrics.refused(ApiRefusal.NOT_READY);
            return ApiRefusal.NOT_READY.response("the service is loading or rebalancing its state; try again shortly");
        }
        List<RollbackStatus> shown = all.stream()
                .filter(s -> service == null || service.isBlank() || s.service().equals(service.strip()))
                .filter(s -> environment == null || environment.isBlank() || s.environment().equals(environment.strip()))
                .filter(s -> wanted == null || s.state() == wanted)
                .filter(s -> late == null || s.overdue() == late)
                .toList();
        return HttpResponse.ok(ProblemResponses.json(shown)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
