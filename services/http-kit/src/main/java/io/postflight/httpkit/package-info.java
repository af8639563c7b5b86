/**
 * What Postflight's secured HTTP surfaces share (the gateway's intake, the verdict API): bearer
 * tokens and roles checked in one way ({@link io.postflight.httpkit.TokenCheck}), refusals as
 * problem documents ({@link io.postflight.httpkit.Problem}) counted by reason
 * ({@link io.postflight.httpkit.RefusalCounter}), and a rate limit per client. Free of any service.
 */
package io.postflight.httpkit;
