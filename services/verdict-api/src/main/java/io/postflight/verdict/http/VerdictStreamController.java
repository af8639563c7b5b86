package io.postflight.verdict.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.contracts.Verdict;
import io.postflight.httpkit.BearerTokens;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.stream.VerdictFeed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.postflight.verdict.VerdictApiConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /verdicts/stream}: Server-Sent Events, one {@code verdict} event per verdict change
 * from the moment of connection, optionally only of one service and/or environment. Non-blocking:
 * events are pushed from the feed; a client whose buffer fills is dropped (see {@link VerdictFeed}).
 * A stream ends when its bearer token expires, and holds one of its subject's {@link StreamSlots}
 * while it runs.
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // ReadAccessFilter admits readers
public class VerdictStreamController {
    static final String PATH = "/verdicts/stream";
    private final VerdictFeed feed;
    private final StreamSlots slots;
    private final Clock clock = Clock.systemUTC();

    private final Duration heartbeat;

    public VerdictStreamController(VerdictFeed feed, StreamSlots slots, VerdictApiConfig config) {
        this.feed = feed;
        this.slots = slots;
        this.heartbeat = config.streamHeartbeat();
    }

    @Get(uri = PATH, produces = MediaType.TEXT_EVENT_STREAM)
    @Tag(name = VerdictApiDocument.STREAM)
    @Operation(operationId = "streamVerdicts", summary = "Server-Sent Events: one verdict event per verdict change",
            description = "From the moment of connection, no replay. Each event is named verdict, carries no id"
                    + " (Last-Event-ID is not honoured: after a reconnect, re-read the slots and deployments shown"
                    + " with getSlotVerdict, getDeployment or listDeployments) and its data is a postflight.verdict/2 record (contracts/README.md). A client"
                    + " that falls more than stream-buffer changes behind is dropped and should reconnect. The"
                    + " stream ends when the bearer token expires; a subject may hold max-streams-per-subject"
                    + " streams open at once (429 too-many-streams beyond).")
    @ApiResponse(responseCode = "200", description = "the stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM,
                    schema = @Schema(type = "string", description = "event: verdict / data:"
                            + " <Verdict as JSON>")))
    @ApiResponse(responseCode = "401", description = "no-credentials, invalid-token or expired-token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "missing-role: none of the reader roles",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "rate-limited or too-many-streams (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Publisher<Event<String>> stream(
            @QueryValue @Nullable @Parameter(description = "only this service") String service,
            @QueryValue @Nullable @Parameter(description = "only this environment") String environment,
            @Parameter(hidden = true) HttpRequest<?> request, @Nullable Authentication authentication) {
        String subject = authentication == null ? "" : authentication.getName(); // ReadAccessFilter admitted it
        if (!slots.take(subject)) {
            return Flux.empty(); // lost a race for the last slot after the filter's check: ends at once
        }
        Flux<Event<String>> events = feed.subscribe(v -> matches(service, v.deployment().service())
                        && matches(environment, v.deployment().environment()))
                .map(VerdictStreamController::event)
                // Without a write the server never learns that a client went away (its slot would
                // stay taken until the next verdict change); a named event EventSource ignores.
                .mergeWith(Flux.interval(heartbeat, heartbeat).map(n -> KEEPALIVE));
        String token = BearerTokens.tokenOf(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        Optional<Instant> expiry = token == null ? Optional.empty() : BearerTokens.expiresAt(token);
        if (expiry.isPresent()) {
            // A stream outliving its token would go on reading with a credential no longer valid.
            Duration left = Duration.between(clock.instant(), expiry.get());
            events = events.take(left.isNegative() ? Duration.ZERO : left);
        }
        return events.doFinally(signal -> slots.release(subject));
    }

    private static final Event<String> KEEPALIVE = Event.of("{}").name("keepalive");

    private static Event<String> event(Verdict v) {
        // No event id: a reconnecting EventSource would send it back as Last-Event-ID, promising a
        // replay from there that a stream of changes from the moment of connection does not give.
        return Event.of(ProblemResponses.json(v)).name("verdict");
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.isBlank() || wanted.equals(actual);
    }
}
