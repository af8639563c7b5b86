/**
 * Reading deploy events as CD systems write them: CDEvents inside CloudEvents (binary and
 * structured Kafka bindings) and Postflight's plain JSON form, each validated against its schema
 * and mapped to a DeployEvent, or rejected with a RejectReason for the dead-letter topic.
 */
package io.postflight.contracts.intake;
