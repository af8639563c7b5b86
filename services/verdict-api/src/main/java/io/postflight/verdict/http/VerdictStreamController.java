package io.postflight.verdict.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.contracts.Verdict;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.stream.VerdictFeed;
import org.reactivestreams.Publisher;

/**
 * {@code GET /verdicts/stream}: Server-Sent Events, one {@code verdict} event per verdict change
 * from the moment of connection, optionally only of one service and/or environment. Non-blocking:
 * events are pushed from the feed; a client whose buffer fills is dropped (see {@link VerdictFeed}).
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // ReadAccessFilter admits readers
public class VerdictStreamController {
    private final VerdictFeed feed;

    public VerdictStreamController(VerdictFeed feed) {
        this.feed = feed;
    }

    @Get(uri = "/verdicts/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@QueryValue @Nullable String service,
                                           @QueryValue @Nullable String environment) {
        return feed.subscribe(v -> matches(service, v.deployment().service())
                        && matches(environment, v.deployment().environment()))
                .map(VerdictStreamController::event);
    }

    private static Event<String> event(Verdict v) {
        return Event.of(ProblemResponses.json(v)).name("verdict").id(v.deployment().deploymentId());
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.isBlank() || wanted.equals(actual);
    }
}
