/**
 * What Postflight's secured HTTP surfaces share (the gateway's intake, the verdict API): bearer
 * tokens and roles checked in one way ({@link io.postflight.httpkit.TokenCheck}), refusals as
 * problem documents ({@link io.postflight.httpkit.Problem}) counted by reason
 * ({@link io.postflight.httpkit.RefusalCounter}), bad JSON bodies described in the caller's terms
 * ({@link io.postflight.httpkit.JsonBodyErrors}), and a rate limit per client keyed by subject or
 * peer address, never by a header the caller picks ({@link io.postflight.httpkit.ClientKeys}).
 * Free of any service.
 */
package io.postflight.httpkit;
