/**
 * The baseline judge: sequential, anytime-valid comparison of a candidate's error rate and latency
 * against the previous version or a control (odds-ratio e-processes on aligned traffic), with hard
 * triggers for gross failures in the first minutes.
 */
package io.postflight.judge.baseline;
