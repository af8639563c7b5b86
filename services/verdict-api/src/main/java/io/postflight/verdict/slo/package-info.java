/**
 * The verifier's own service level: which deployments Postflight owes a decision it has not given.
 * Every instance holds every history (a global store), so each instance can tell on its own.
 */
package io.postflight.verdict.slo;
