package io.postflight.verdict.http;

import static io.postflight.verdict.http.QueryValues.blankToNull;
import static io.postflight.verdict.http.QueryValues.instant;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.VerdictState;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.VerdictApiConfig;
import io.postflight.verdict.history.DeploymentHistory;
import io.postflight.verdict.history.DeploymentPage;
import io.postflight.verdict.history.DeploymentQuery;
import io.postflight.verdict.history.PageCursor;
import io.postflight.verdict.stream.HistoryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Deployments and slots, read from this instance's copy of every history. Anonymous to
 * micronaut-security on purpose: {@link ReadAccessFilter} admits readers and counts every refusal.
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING) // store reads (RocksDB), a list scans
@Tag(name = VerdictApiDocument.DEPLOYMENTS)
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
public class DeploymentController {
    private static final String JSON = MediaType.APPLICATION_JSON;
    private final HistoryView view;
    private final VerdictApiConfig config;
    private final ApiMetrics metrics;

    public DeploymentController(HistoryView view, VerdictApiConfig config, ApiMetrics metrics) {
        this.view = view;
        this.config = config;
        this.metrics = metrics;
    }

    /** A deployment's history: verification, phase results with evidence, decisions, verdict, deploy event. */
    @Get(uri = "/deployments/{id}", produces = {JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getDeployment", summary = "A deployment's history")
    @ApiResponse(responseCode = "200", description = "the history",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = DeploymentHistory.class)))
    @ApiResponse(responseCode = "404", description = "not-found: no such deployment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> deployment(@PathVariable String id) {
        return answer(() -> view.deployment(id), "no deployment '" + id + "' is known here");
    }

    /** The slot's newest deployment and its current verdict ({@code verdict} is null until the first). */
    @Get(uri = "/slots/{service}/{environment}/verdict", produces = {JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getSlotVerdict", summary = "A slot's newest deployment and its verdict")
    @ApiResponse(responseCode = "200", description = "the slot's verdict",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SlotVerdict.class)))
    @ApiResponse(responseCode = "404", description = "not-found: no deployment of this slot",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> slotVerdict(@PathVariable String service, @PathVariable String environment) {
        String slot = DeploymentRef.slotOf(service, environment);
        return answer(() -> view.slot(slot).map(SlotVerdict::of), "no deployment of slot '" + slot + "' is known here");
    }

    /** Deployments newest first, filtered, {@code limit} a page; {@code next} is the following page's cursor. */
    @Get(uri = "/deployments", produces = {JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "listDeployments", summary = "Deployments newest first, filtered, in pages")
    @ApiResponse(responseCode = "200", description = "a page; next is absent on the last",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = DeploymentPage.class)))
    public HttpResponse<String> deployments(
            @QueryValue @Nullable @Parameter(description = "exact service name") String service,
            @QueryValue @Nullable @Parameter(description = "exact environment name") String environment,
            @QueryValue @Nullable @Parameter(description = "the verdict state",
                    schema = @Schema(implementation = VerdictState.class)) String state,
            @QueryValue @Nullable @Parameter(description = "verification start at or after (ISO-8601 instant)",
                    schema = @Schema(type = "string", format = "date-time")) String from,
            @QueryValue @Nullable @Parameter(description = "verification start before (ISO-8601 instant)",
                    schema = @Schema(type = "string", format = "date-time")) String to,
            @QueryValue @Nullable @Parameter(description = "page size, default 50, at most max-page-size (200)",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "1000")) Integer limit,
            @QueryValue @Nullable @Parameter(description = "the previous page's next") String cursor) {
        DeploymentQuery query;
        try {
            query = new DeploymentQuery(blankToNull(service), blankToNull(environment), state(state), instant("from", from, null),
                    instant("to", to, null), limit(limit), cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor));
        } catch (IllegalArgumentException e) {
            return refuse(ApiRefusal.INVALID_QUERY, e.getMessage());
        }
        return answer(() -> Optional.of(view.page(query)), "");
    }

    private HttpResponse<String> answer(Supplier<Optional<?>> read, String notFound) {
        Optional<?> found;
        try {
            found = read.get();
        } catch (InvalidStateStoreException e) {
            return refuse(ApiRefusal.NOT_READY, "the service is loading or rebalancing its state; try again shortly");
        }
        return found.<HttpResponse<String>>map(body -> HttpResponse.ok(ProblemResponses.json(body))
                        .contentType(MediaType.APPLICATION_JSON_TYPE))
                .orElseGet(() -> ApiRefusal.NOT_FOUND.response(notFound));
    }

    private HttpResponse<String> refuse(ApiRefusal refusal, String detail) {
        metrics.refused(refusal);
        return refusal.response(detail);
    }

    private int limit(Integer limit) {
        if (limit == null) {
            return config.defaultPageSize();
        }
        if (limit < 1 || limit > config.maxPageSize()) {
            throw new IllegalArgumentException("limit must be between 1 and " + config.maxPageSize() + ", was " + limit);
        }
        return limit;
    }

    private static VerdictState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return VerdictState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of " + java.util.Arrays.toString(VerdictState.values())
                    + ", was '" + state + "'");
        }
    }

    /**
     * A slot's current verdict.
     *
     * @param slot {@code service/environment}
     * @param deploymentId the slot's newest deployment
     * @param state its state (VERIFYING before the first verdict)
     * @param verdict its latest verdict, {@code null} before the first
     */
    public record SlotVerdict(String slot, String deploymentId, VerdictState state, @Nullable io.postflight.contracts.Verdict verdict) {
        static SlotVerdict of(DeploymentHistory h) {
            return new SlotVerdict(h.deployment().slot(), h.deploymentId(), h.state(), h.verdict());
        }
    }
}
