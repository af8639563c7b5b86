/**
 * The gateway's HTTP intake: deploy events posted over HTTP (CloudEvents binary, structured and
 * batch modes, or the plain JSON form), authenticated by bearer token or signed webhook, checked
 * with the Kafka intake's decoder in the request and written to the deploy-events topic; and the
 * override endpoint, whose commands go to the decision engine and whose answers come back from
 * the audit topic (docs/adr/0024).
 */
package io.postflight.gateway.http;
