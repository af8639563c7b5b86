package io.postflight.verdict.gate;

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
import io.postflight.httpkit.Problem;
import io.postflight.httpkit.ProblemResponses;
import io.postflight.verdict.VerdictApiApplication;

/**
 * {@code GET /gates/argo-rollouts/{namespace}/{name}}: shaped for Argo Rollouts' Web metric provider.
 * Always {@code 200} with a JSON answer once the caller is let in (a non-2xx would be a measurement
 * error, and errors past {@code consecutiveErrorLimit} abort the rollout); the AnalysisTemplate reads
 * {@code {$.decision}}: {@code promoted} is its success condition, {@code rolled-back} its failure
 * condition, and {@code undecided} matches neither, so the measurement is Inconclusive and the
 * analysis measures again (deploy/argo-rollouts/analysis-template.yaml).
 */
@Controller
@Requires(env = VerdictApiApplication.ENVIRONMENT)
@Secured(SecurityRule.IS_ANONYMOUS) // GateAccessFilter admits callers with a gate role
@ExecuteOn(TaskExecutors.BLOCKING) // one store read (RocksDB); never waits for a verdict
public class ArgoRolloutsGateController {
    static final String TOOL = "argo-rollouts";
    private final Gates gates;
    private final GateMetrics metrics;

    public ArgoRolloutsGateController(Gates gates, GateMetrics metrics) {
        this.gates = gates;
        this.metrics = metrics;
    }

    /**
     * @param namespace the Rollout's namespace ({@code {{args.namespace}}})
     * @param name the Rollout's name
     * @param podTemplateHash {@code valueFrom.podTemplateHashValue: Latest}
     */
    @Get(uri = "/gates/argo-rollouts/{namespace}/{name}", produces = {MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public HttpResponse<String> gate(@PathVariable String namespace, @PathVariable String name,
                                     @QueryValue @Nullable String version, @QueryValue @Nullable String digest,
                                     @QueryValue @Nullable String deploymentId,
                                     @QueryValue @Nullable String podTemplateHash) {
        GateRequest request = new GateRequest(gates.slotOf(namespace, name), version, digest, deploymentId,
                podTemplateHash);
        GateAnswer answer = gates.answer(request);
        metrics.answered(TOOL, "web-metric", answer.decision());
        return HttpResponse.ok(ProblemResponses.json(answer)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
