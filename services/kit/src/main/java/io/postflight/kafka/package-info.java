/**
 * The Kafka Streams plumbing every service shares: the phase topology shape (PhaseTopology),
 * declared contract inputs with decode-or-dead-letter (ContractInputs, DeadLetters), the routed
 * output (Outgoing), serdes and record metrics; and every record's bounded way out: per-record
 * isolation (a handler that throws dead-letters its record), dead letters that always fit
 * (DeadLetters, DeadLetterReference) and the production exception handler (UnwritableRecordHandler). It moves records; it neither fetches nor judges.
 */
package io.postflight.kafka;
