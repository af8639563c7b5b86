package io.postflight.gateway.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.intake.RejectedEventException;
import io.postflight.gateway.DeployEventIntake;
import io.postflight.gateway.http.CloudEventsHttpBinding.KafkaForm;
import io.postflight.gateway.http.IntakeCredentials.Caller;
import io.postflight.httpkit.RequestKeys;
import io.postflight.httpkit.ClientRateLimiter;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.tracing.TraceHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /intake/deploy-events}: a deploy event (CloudEvents over HTTP in binary, structured
 * or batch mode, or the plain JSON form) checked at the door with the Kafka intake's own decoder
 * and written to the deploy-events topic exactly as a Kafka producer would have, so the rest of
 * the pipeline cannot tell the two apart. {@code 202} once the broker acknowledged every event;
 * a refusal is a problem document with its reason, counted.
 * <p>
 * Open to anonymous requests at micronaut-security's level on purpose: two kinds of credential
 * are accepted (a bearer token micronaut-security-jwt validated, or a signed webhook, whose check
 * needs the raw body), and every refusal must be counted by reason; {@link IntakeCredentials}
 * refuses whatever carries neither (docs/adr/0022).
 */
@Controller
@Requires(property = HttpIntakeConfig.PREFIX + ".enabled", value = "true")
@Secured(SecurityRule.IS_ANONYMOUS)
public class DeployEventController {
    private static final Logger LOG = LoggerFactory.getLogger(DeployEventController.class);

    private final HttpIntakeConfig config;
    private final DeployEventIntake intake;
    private final IntakeCredentials credentials;
    private final ClientRateLimiter limiter;
    private final DeliveryWindow deliveries;
    private final DeployEventPublisher publisher;
    private final IntakeMetrics metrics;
    private final RequestKeys clients;
    private final Clock clock;

    public DeployEventController(HttpIntakeConfig config, DeployEventIntake intake, DeployEventPublisher publisher,
                                 IntakeMetrics metrics, RequestKeys clients) {
        this.config = config;
        this.intake = intake;
        this.credentials = new IntakeCredentials(config);
        this.limiter = new ClientRateLimiter(config.requestsPerMinute(), config.burst(), config.maxClients());
        this.deliveries = new DeliveryWindow(config.replayWindow(), config.replayWindowSize());
        this.publisher = publisher;
        this.metrics = metrics;
        this.clients = clients;
        this.clock = Clock.systemUTC();
    }

    @Post(uri = HttpIntakeConfig.PATH, consumes = MediaType.ALL, produces = {MediaType.APPLICATION_JSON,
            Problem.MEDIA_TYPE})
    @ExecuteOn(TaskExecutors.BLOCKING) // waits for the broker's acknowledgement
    @Tag(name = GatewayApiDocument.INTAKE)
    @Operation(operationId = "postDeployEvents", summary = "Announce a deployment",
            description = "A CloudEvents CDEvent (service.deployed, service.upgraded or service.rolledback, 0.3.0) in"
                    + " binary mode (ce-* headers, the CDEvent's data as the body), structured mode"
                    + " (application/cloudevents+json) or batch mode (application/cloudevents-batch+json), or the"
                    + " plain form postflight.deploy/1 (application/json; contracts/src/main/resources/schemas/"
                    + "deploy.schema.json). 202 once the broker acknowledged every event.")
    @SecurityRequirement(name = GatewayApiDocument.BEARER)
    @SecurityRequirement(name = GatewayApiDocument.WEBHOOK_SIGNATURE)
    @Parameter(in = ParameterIn.HEADER, name = "X-GitHub-Delivery", description = "delivery id; required with a"
            + " webhook signature, accepted once within the replay window")
    @Parameter(in = ParameterIn.HEADER, name = "ce-specversion", description = "binary mode: 1.0")
    @Parameter(in = ParameterIn.HEADER, name = "ce-type", description = "binary mode: the CDEvent type, e.g."
            + " dev.cdevents.service.deployed.0.3.0")
    @Parameter(in = ParameterIn.HEADER, name = "ce-source", description = "binary mode: the event's source")
    @Parameter(in = ParameterIn.HEADER, name = "ce-id", description = "binary mode: the event's id")
    @Parameter(in = ParameterIn.HEADER, name = "traceparent", description = "W3C trace context the verification's"
            + " trace continues")
    @ApiResponse(responseCode = "202", description = "accepted and stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AcceptedEvents.class)))
    @ApiResponse(responseCode = "400", description = "not-json, schema-invalid, unknown-type, unsupported-version,"
            + " missing-delivery-id or event-time-skew", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "no-credentials, invalid-token, expired-token or bad-signature",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "missing-role: not a deployer", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "replayed-delivery", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "oversized", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "unsupported-media-type", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "rate-limited (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "broker-unavailable: retry (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> post(@Parameter(hidden = true) HttpRequest<?> request,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                             content = {
                                                 @Content(mediaType = "application/cloudevents+json",
                                                         schema = @Schema(type = "object", description = "a"
                                                                 + " structured CloudEvent carrying a CDEvent")),
                                                 @Content(mediaType = "application/cloudevents-batch+json",
                                                         array = @ArraySchema(schema = @Schema(type = "object",
                                                                 description = "a structured CloudEvent"))),
                                                 @Content(mediaType = MediaType.APPLICATION_JSON,
                                                         schema = @Schema(type = "object", description = "the"
                                                                 + " plain form postflight.deploy/1, or in binary"
                                                                 + " mode the CDEvent's data",
                                                                 example = "{\"schema\":\"postflight.deploy/1\","
                                                                         + "\"eventId\":\"jenkins-42-1\",\"service\":"
                                                                         + "\"checkout\",\"environment\":\"prod\","
                                                                         + "\"version\":\"1.4.2\"}"))})
                                     @Body @Nullable byte[] body,
                                     @Parameter(hidden = true) @Nullable Authentication authentication) {
        byte[] bytes = body == null ? new byte[0] : body;
        try {
            HttpHeaders h = request.getHeaders();
            String principal = authentication == null ? null : authentication.getName();
            String client = clients.of(principal, request); // never a header the caller picks
            long wait = limiter.acquire(client, System.nanoTime());
            if (wait > 0) {
                throw new IntakeRefusal(Refusal.RATE_LIMITED, "more than " + config.requestsPerMinute()
                        + " requests a minute (burst " + config.burst() + ") from this client");
            }
            Caller caller = credentials.check(h.get(HttpHeaders.AUTHORIZATION), principal,
                    authentication == null ? null : authentication.getRoles(), h.get(config.signatureHeader()),
                    h.get(config.deliveryHeader()), bytes, clock.instant());
            if (bytes.length > config.maxRequestBytes()) {
                throw new IntakeRefusal(Refusal.OVERSIZED, "the body is " + bytes.length
                        + " bytes, above the limit of " + config.maxRequestBytes());
            }
            List<KafkaForm> records = traced(CloudEventsHttpBinding.records(h.get(HttpHeaders.CONTENT_TYPE),
                    firstValues(h), bytes, config.maxBatchEvents()), h);
            List<DeployEvent> events = decode(records, caller);
            publish(records, events, caller);
            events.forEach(e -> metrics.accepted(e.intakeFormat()));
            LOG.info("accepted {} deploy event(s) over HTTP from {}: {}", events.size(),
                    caller.client() != null ? caller.client() : "webhook " + caller.deliveryId(),
                    events.stream().map(e -> e.deployment().deploymentId()).toList());
            return HttpResponse.<String>status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(ProblemResponses.json(AcceptedEvents.of(events)));
        } catch (IntakeRefusal refusal) {
            return refuse(refusal);
        }
    }

    /** Bodies above {@code micronaut.server.max-request-size} never reach {@link #post}: still a counted 413. */
    @Error(exception = ContentLengthExceededException.class)
    public HttpResponse<String> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return refuse(new IntakeRefusal(Refusal.OVERSIZED, "the body is above the limit of "
                + config.maxRequestBytes() + " bytes"));
    }

    private List<DeployEvent> decode(List<KafkaForm> records, Caller caller) throws IntakeRefusal {
        List<DeployEvent> events = new ArrayList<>(records.size());
        Instant now = clock.instant();
        for (int i = 0; i < records.size(); i++) {
            String which = records.size() == 1 ? "" : "event " + i + " of the batch: ";
            DeployEvent event;
            try {
                event = intake.decode(records.get(i).headers(), records.get(i).value());
            } catch (RejectedEventException e) {
                throw new IntakeRefusal(Refusal.of(e.reason()), which + e.getMessage());
            }
            Instant time = event.event().time();
            // A signed webhook can be replayed under a new delivery id (the signature covers the body,
            // not the header): the event time inside the signed body bounds how late, so it is required.
            if (caller.deliveryId() != null && time == null) {
                throw new IntakeRefusal(Refusal.EVENT_TIME_SKEW, which + "a signed webhook must carry the event's"
                        + " time (CloudEvent 'time', CDEvent context 'timestamp' or the plain form's 'time'):"
                        + " it is what bounds a replay of the signed body");
            }
            if (caller.deliveryId() != null
                    && Duration.between(time, now).abs().compareTo(config.maxClockSkew()) > 0) {
                throw new IntakeRefusal(Refusal.EVENT_TIME_SKEW, which + "the event's time " + time + " is more than "
                        + config.maxClockSkew() + " away from now (" + now + ")");
            }
            events.add(event);
        }
        return events;
    }

    private void publish(List<KafkaForm> records, List<DeployEvent> events, Caller caller) throws IntakeRefusal {
        if (caller.deliveryId() != null && !deliveries.claim(caller.deliveryId(), System.nanoTime())) {
            throw new IntakeRefusal(Refusal.REPLAYED_DELIVERY, "delivery " + caller.deliveryId()
                    + " was already received");
        }
        try {
            publisher.publish(records, events);
        } catch (DeployEventPublisher.NotAcknowledged e) {
            if (caller.deliveryId() != null) {
                deliveries.release(caller.deliveryId()); // the sender's retry is not a replay
            }
            LOG.warn("deploy event(s) not acknowledged by Kafka: {}", e.getMessage());
            throw new IntakeRefusal(Refusal.BROKER_UNAVAILABLE, "the event could not be stored; try again later");
        }
    }

    private HttpResponse<String> refuse(IntakeRefusal refusal) {
        Refusal r = refusal.refusal();
        metrics.refused(r);
        if (r != Refusal.RATE_LIMITED) { // a flood is counted, not logged line by line
            LOG.info("HTTP intake refused a request: {} ({})", r.tag(), refusal.getMessage());
        }
        return RefusalResponses.of(refusal, config.retryAfter());
    }

    /**
     * The request's W3C trace context ({@code traceparent}, {@code tracestate}) goes with each of its
     * events as record headers, for the Kafka intake to continue (ADR 0026); a malformed one is
     * ignored there, like any other.
     */
    static List<KafkaForm> traced(List<KafkaForm> records, HttpHeaders h) {
        String traceparent = h.get(TraceHeaders.TRACEPARENT);
        if (traceparent == null) {
            return records;
        }
        String tracestate = h.get(TraceHeaders.TRACESTATE);
        return records.stream().map(r -> {
            if (carriesItsOwnTrace(r)) {
                return r; // an event's own trace context (its distributed-tracing extension) wins
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(r.headers());
            headers.put(TraceHeaders.TRACEPARENT, traceparent);
            if (tracestate != null) {
                headers.put(TraceHeaders.TRACESTATE, tracestate);
            }
            return new KafkaForm(headers, r.value());
        }).toList();
    }

    /** Whether an event names its trace itself: {@code ce_traceparent} (binary) or a top-level {@code traceparent} (structured). */
    private static boolean carriesItsOwnTrace(KafkaForm record) {
        for (String name : record.headers().keySet()) {
            if (name.equalsIgnoreCase(TraceHeaders.TRACEPARENT) || name.equalsIgnoreCase(TraceHeaders.CLOUDEVENTS_PREFIX + TraceHeaders.TRACEPARENT)) {
                return true;
            }
        }
        return TraceHeaders.valid(TraceHeaders.fromStructuredEvent(record.value()));
    }

    private static Map<String, String> firstValues(HttpHeaders headers) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.names().forEach(name -> m.put(name, headers.get(name)));
        return m;
    }
}
