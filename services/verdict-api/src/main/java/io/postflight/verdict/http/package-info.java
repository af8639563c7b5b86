/**
 * The verdict API's HTTP surface: who may read ({@link io.postflight.verdict.http.ReadAccessFilter},
 * on the shared token check), deployments and slots ({@link io.postflight.verdict.http.DeploymentController})
 * and the live stream of verdict changes ({@link io.postflight.verdict.http.VerdictStreamController}).
 */
package io.postflight.verdict.http;
