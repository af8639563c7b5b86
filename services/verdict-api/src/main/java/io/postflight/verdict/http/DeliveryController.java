package io.postflight.verdict.http;

import static io.postflight.verdict.http.QueryValues.blankToNull;
import static io.postflight.verdict.http.QueryValues.instant;

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
import io.postflight.verdict.VerdictApiConfig;
import io.postflight.verdict.delivery.DeliveryConfig;
import io.postflight.verdict.delivery.DeliveryFigures;
import io.postflight.verdict.delivery.DeliveryReport;
import io.postflight.verdict.stream.HistoryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Delivery figures over a window, computed from this instance's copy of every history at each
 * request (docs/delivery-figures.md). Anonymous to micronaut-security on purpose: {@link ReadAccessFilter}
 * admits readers and counts every refusal.
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
public class DeliveryController {
    static final String PATH = "/delivery";
    private final HistoryView view;
    private final DeliveryConfig config;
    private final ApiMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    private final VerdictApiConfig api;

    public DeliveryController(HistoryView view, DeliveryConfig config, VerdictApiConfig api, ApiMetrics metrics) {
        this.view = view;
        this.config = config;
        this.api = api;
        this.metrics = metrics;
    }

    /**
     * The figures of every slot with a deployment in the window (or of the one asked for), and their
     * total. The window is cut to the history kept ({@code retention}, up to now); the report's
     * {@code from} and {@code to} are the window counted.
     */
    @Get(uri = PATH, produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getDeliveryFigures", summary = "Delivery figures per service and environment over a window")
    @ApiResponse(responseCode = "200", description = "the figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryReport.class)))
    public HttpResponse<String> delivery(
            @QueryValue @Nullable @Parameter(description = "exact service name") String service,
            @QueryValue @Nullable @Parameter(description = "exact environment name") String environment,
            @QueryValue @Nullable @Parameter(description = "window start, inclusive (ISO-8601 instant); default: to"
                    + " minus postflight.verdict-api.delivery.window (30 days)",
                    schema = @Schema(type = "string", format = "date-time")) String from,
            @QueryValue @Nullable @Parameter(description = "window end, exclusive (ISO-8601 instant); default: now",
                    schema = @Schema(type = "string", format = "date-time")) String to) {
        Instant end;
        Instant start;
        try {
            Instant now = clock.instant();
            Instant asked = instant("to", to, now);
            Instant askedFrom = instant("from", from, asked.minus(config.window()));
            if (!askedFrom.isBefore(asked)) {
                throw new IllegalArgumentException("from must be before to, was from " + askedFrom + ", to " + asked);
            }
            // Only the kept history is counted: the window is cut to [now - retention, now], and the
            // report says which window it covers (a longer one would spread the deployments thin).
            Instant kept = now.minus(api.retention());
            start = askedFrom.isBefore(kept) ? kept : askedFrom;
            end = asked.isAfter(now) ? now : asked;
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("the window " + askedFrom + " – " + asked + " holds no kept history:"
                        + " histories are kept " + api.retention().toDays() + " days, up to now");
            }
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            metrics.refused(ApiRefusal.INVALID_QUERY);
            return ApiRefusal.INVALID_QUERY.response(e.getMessage());
        }
        DeliveryReport report;
        try {
            report = view.scan(all -> DeliveryFigures.of(all, start, end, blankToNull(service), blankToNull(environment)));
        } catch (InvalidStateStoreException e) {
            metrics.refused(ApiRefusal.NOT_READY);
            return ApiRefusal.NOT_READY.response("the service is loading or rebalancing its state; try again shortly");
        }
        return HttpResponse.ok(ProblemResponses.json(report)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
