/**
 * The gateway's HTTP intake: deploy events posted over HTTP (CloudEvents binary, structured and
 * batch modes, or the plain JSON form), authenticated by bearer token or signed webhook, checked
 * with the Kafka intake's decoder in the request and written to the deploy-events topic.
 */
package io.postflight.gateway.http;
