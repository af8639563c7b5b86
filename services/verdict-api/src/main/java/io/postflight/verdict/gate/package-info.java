/**
 * Gates for progressive delivery: the verdict of a rollout's or canary's deployment, answered the
 * way Argo Rollouts' Web metric provider ({@link io.postflight.verdict.gate.ArgoRolloutsGateController})
 * and Flagger's webhooks ({@link io.postflight.verdict.gate.FlaggerGateController}) expect, from the
 * verdict API's store and behind its bearer-token check ({@link io.postflight.verdict.gate.GateAccessFilter}).
 * Which deployment a request means and what each state answers is pure
 * ({@link io.postflight.verdict.gate.GateAnswer}); undecided never promotes nor rolls back
 * (docs/integrations/argo-rollouts.md, docs/integrations/flagger.md).
 */
package io.postflight.verdict.gate;
