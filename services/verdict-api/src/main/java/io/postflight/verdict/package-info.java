/**
 * The verdict API: a deployment's history, a slot's current verdict, filtered lists and a live
 * stream of verdict changes over HTTP, read from Kafka Streams state (docs/api.md, docs/adr/0023).
 */
package io.postflight.verdict;
