/**
 * Finds the pods of a workload's new version in Kubernetes and their probe addresses (ADR 0029 §4):
 * the newest ReplicaSet of a Deployment, a StatefulSet's update revision or an Argo Rollout's current
 * pod hash, checked against the announced artifact, and watches them. Only names, addresses, phase,
 * readiness, restarts and reasons are copied out of the API objects, never env, annotations, specs or
 * container messages, which may hold secrets.
 */
package io.postflight.provider.kubernetes;
