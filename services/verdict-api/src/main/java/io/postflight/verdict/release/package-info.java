/**
 * The release gate: before a CD system deploys an artifact to an environment, whether the
 * production-readiness policy allows it — verified in the lower environment, soaked there,
 * immutable, inside a deployment window and outside a change freeze, with a version to roll back
 * to. Pure checks over the histories ({@link io.postflight.verdict.release.ReleaseGate}), a policy
 * per environment ({@link io.postflight.verdict.release.ReleasePolicy}), and an HTTP endpoint a
 * pipeline step or an Argo CD PreSync hook calls. See docs/gate.md.
 */
package io.postflight.verdict.release;
