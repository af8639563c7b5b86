package io.postflight.backtest;

import io.postflight.provider.recorded.Scenario;

/**
 * Replays one recorded scenario step by step through a judge, showing it only the data up to
 * "now" at each step, and reports where it decided. One implementation per scenario kind.
 */
public interface ScenarioReplayer {

    /** Whether this replayer handles the scenario's kind. */
    boolean accepts(Scenario scenario);

    /** Replays the scenario and returns the verdict the judge reached, and when. */
    BacktestVerdict replay(Scenario scenario);
}
