/**
 * The verdict API's Kafka Streams topology: the source topics decoded (bad records dead-lettered),
 * regrouped by slot, assembled into histories in stores with changelogs, published to a compacted
 * history topic and served from a global store every instance holds (docs/adr/0023).
 */
package io.postflight.verdict.stream;
