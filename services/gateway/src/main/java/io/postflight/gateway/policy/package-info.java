/**
 * Per-service/environment verification policies ({@code postflight.policies.*}): their binding,
 * start-up validation and matching. The gateway resolves one policy per deployment and carries it
 * in the verification, so every verifier and the decision engine apply the same one (ADR 0014).
 */
package io.postflight.gateway.policy;
