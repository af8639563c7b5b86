/**
 * Which Kubernetes workload a deployment's targets are discovered from (ADR 0029): entries of
 * {@code postflight.discovery.workloads}, matched like policies and resolved once at intake into
 * the verification's {@code discovery}.
 */
package io.postflight.gateway.discovery;
