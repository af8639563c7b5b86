/**
 * The Kafka Streams plumbing every service shares: the phase topology shape (PhaseTopology),
 * declared contract inputs with decode-or-dead-letter (ContractInputs, DeadLetters), the routed
 * output (Outgoing), serdes and record metrics. It moves records; it neither fetches nor judges.
 */
package io.postflight.kafka;
