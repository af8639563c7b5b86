/**
 * The judge-accuracy benchmark: replays labelled scenarios through Postflight's judges and through
 * reference judges, scores each against the truth labels and prints the figures of
 * docs/benchmarks.md. Runs on the judges and the backtest alone, without Micronaut or Kafka.
 */
package io.postflight.benchmarks;
