/**
 * Which targets a verifier may call: the target policy ({@code postflight.target-policy.*}), shared by
 * every service that calls an instance (health probes, baseline and drift scrapes).
 */
package io.postflight.targets;
