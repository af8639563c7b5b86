package io.postflight.verdict.gate;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Json;
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.http.ApiMetrics;
import io.postflight.verdict.http.ApiRefusal;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /gates/flagger/{hook}}: a Flagger webhook ({@code confirm-promotion}, {@code rollout}
 * or {@code rollback}), answered {@code 200} to let Flagger proceed and {@code 412} to halt, as
 * {@link FlaggerHook} decides. The body is Flagger's payload: {@code name}, {@code namespace},
 * {@code phase}, {@code checksum}, {@code metadata}; the metadata may name the deployment
 * ({@code version}, {@code digest}, {@code deploymentId}), the slot ({@code service},
 * {@code environment}) and carry a webhook token ({@code token}) when no bearer token is sent.
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // GateAccessFilter admits bearer tokens; webhook tokens are checked here
@ExecuteOn(TaskExecutors.BLOCKING) // one store read (RocksDB); never waits for a verdict
public class FlaggerGateController {
    static final String PATH = "/gates/flagger/";
    static final String TOOL = "flagger";
    private static final Logger LOG = LoggerFactory.getLogger(FlaggerGateController.class);
    private final Gates gates;
    private final GateMetrics metrics;
    private final ApiMetrics refusals;

    public FlaggerGateController(Gates gates, GateMetrics metrics, ApiMetrics refusals) {
        this.gates = gates;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    @Post(uri = PATH + "{hook}", consumes = MediaType.ALL, produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public HttpResponse<String> webhook(HttpRequest<?> http, @PathVariable String hook, @Body @Nullable String body) {
        Optional<FlaggerHook> type = FlaggerHook.of(hook);
        if (type.isEmpty()) {
            return refuse(ApiRefusal.INVALID_QUERY, "the webhook type must be confirm-promotion, rollout or rollback");
        }
        JsonNode payload;
        try {
            payload = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            payload = null;
        }
        if (payload == null || !payload.path("name").isTextual() || !payload.path("namespace").isTextual()) {
            return refuse(ApiRefusal.INVALID_QUERY, "the body must be Flagger's webhook payload with name and namespace");
        }
        JsonNode metadata = payload.path("metadata");
        if (http.getHeaders().get(HttpHeaders.AUTHORIZATION) == null) { // let in by GateAccessFilter for this check
            String token = text(metadata, "token");
            if (token == null) {
                return refuse(ApiRefusal.NO_CREDENTIALS, "send a bearer token or set metadata.token on the webhook");
            }
            if (!gates.flaggerTokens().accepts(token)) {
                return refuse(ApiRefusal.INVALID_TOKEN, "the webhook token in metadata.token is not recognised");
            }
        }
        String namespace = payload.path("namespace").asText();
        String name = payload.path("name").asText();
        String service = text(metadata, "service");
        String environment = text(metadata, "environment");
        String slot = service != null && environment != null ? DeploymentRef.slotOf(service, environment)
                : gates.slotOf(namespace, name);
        GateAnswer answer = gates.answer(new GateRequest(slot, text(metadata, "version"), text(metadata, "digest"),
                text(metadata, "deploymentId"), null));
        FlaggerHook gate = type.get();
        metrics.answered(TOOL, gate.path(), answer.decision());
        return HttpResponse.<String>status(gate.passes(answer.decision()) ? HttpStatus.OK : FlaggerHook.HALT)
                .contentType(MediaType.APPLICATION_JSON_TYPE).body(ProblemResponses.json(answer));
    }

    private HttpResponse<String> refuse(ApiRefusal refusal, String detail) {
        refusals.refused(refusal);
        LOG.info("Flagger gate refused a request: {} ({})", refusal.tag(), detail);
        return refusal.response(detail);
    }

    private static String text(JsonNode metadata, String key) {
        JsonNode v = metadata.path(key);
        return v.isTextual() && !v.asText().isBlank() ? v.asText().strip() : null;
    }
}
