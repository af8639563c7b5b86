package io.postflight.benchmarks;

import io.postflight.backtest.ScenarioReplayer;

/**
 * One judge in the benchmark: a name for the report and the replayer that runs it.
 *
 * @param name short name, also the name of its verdict file
 * @param kind the scenario kind it judges ({@code canary} or {@code drift})
 * @param description one line on what it is
 * @param replayer the judge, replayed step by step
 */
public record Contender(String name, String kind, String description, ScenarioReplayer replayer) {
}
