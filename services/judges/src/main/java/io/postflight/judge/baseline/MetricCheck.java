package io.postflight.judge.baseline;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One check of the baseline phase beside error rate and latency: a series per step (a business
 * metric such as orders per minute, a custom PromQL query, or the request throughput) that must not
 * move in its bad direction beyond a tolerance against the comparison, or past an absolute bound.
 * Judged by {@link MetricChecks} with the same anytime-valid treatment as the other checks, its
 * share of the phase's false-alarm budget taken from the same α.
 *
 * @param name short name, used as the evidence's check ({@code orders-per-minute})
 * @param words what the series is, in the evidence ("orders per minute")
 * @param direction which way is bad
 * @param tolerance relative change tolerated in the bad direction (0.2: 20 % worse is still
 *     within), or {@code null} when an absolute {@code bound} is used instead
 * @param bound absolute limit in the bad direction, or {@code null} for a comparison with the
 *     previous version
 * @param minSteps steps with data the candidate (and the comparison) need before the check can
 *     let the window pass; fewer is INCONCLUSIVE, never a pass
 */
public record MetricCheck(String name, String words, Direction direction, Double tolerance, Double bound,
                          int minSteps) {

    /** Which way of the series is bad. */
    public enum Direction {
        HIGHER_IS_WORSE, LOWER_IS_WORSE;

        boolean worse(double value, double limit) {
            return this == HIGHER_IS_WORSE ? value > limit : value < limit;
        }

        String words() {
            return this == HIGHER_IS_WORSE ? "higher is worse" : "lower is worse";
        }
    }

    /** The built-in throughput check's name. */
    public static final String THROUGHPUT = "throughput";
    /** Throughput tolerated below the expected: a candidate at less than half of it fails. */
    public static final double DEFAULT_THROUGHPUT_TOLERANCE = 0.5;
    public static final int DEFAULT_MIN_STEPS = 5;
    /** More steps than any window holds: a larger min-steps is a typo, and would cost memory. */
    public static final int MAX_MIN_STEPS = 10_000;
    /** Evidence names the phase already uses: a custom check must not shadow them. */
    static final java.util.Set<String> RESERVED = java.util.Set.of("error-rate", "latency", "traffic",
            "hard-trigger", "data");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public MetricCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a check's name is lower-case letters, digits and dashes: " + name);
        }
        if (RESERVED.contains(name) || name.startsWith("hard-trigger")
                || THROUGHPUT.equals(name) && !"requests per step".equals(words)) {
            throw new IllegalArgumentException("check " + name + ": the name is one the phase's own evidence uses");
        }
        words = words == null || words.isBlank() ? name : words;
        if ((tolerance == null) == (bound == null)) {
            throw new IllegalArgumentException("check " + name + ": exactly one of a tolerance against the previous"
                    + " version and an absolute bound");
        }
        if (tolerance != null && !(tolerance >= 0 && (direction == Direction.HIGHER_IS_WORSE ? tolerance <= 100
                : tolerance < 1))) {
            throw new IllegalArgumentException("check " + name + ": the tolerance is a relative change, at least 0"
                    + (direction == Direction.LOWER_IS_WORSE ? " and below 1" : " and at most 100") + ": " + tolerance);
        }
        if (bound != null && !Double.isFinite(bound)) {
            throw new IllegalArgumentException("check " + name + ": the bound must be a number: " + bound);
        }
        if (minSteps < 1 || minSteps > MAX_MIN_STEPS) {
            throw new IllegalArgumentException("check " + name + ": min-steps must be 1 to " + MAX_MIN_STEPS + ": "
                    + minSteps);
        }
    }

    /**
     * Throughput: a candidate that receives far less traffic than expected (the previous version's
     * before the deployment, or its own share of the traffic beside a control) is failing, not
     * passing on the traffic it still gets.
     */
    public static MetricCheck throughput(double tolerance, int minSteps) {
        return new MetricCheck(THROUGHPUT, "requests per step", Direction.LOWER_IS_WORSE, tolerance, null, minSteps);
    }

    /** The limit a candidate value is held to, against a comparison value (ignored for a bound). */
    double limit(double comparison) {
        if (bound != null) {
            return bound;
        }
        return direction == Direction.HIGHER_IS_WORSE ? comparison * (1 + tolerance) : comparison * (1 - tolerance);
    }

    /** The rule in words: "at most 20 % below the previous-window" or "at most 500". */
    String rule(String comparison) {
        if (bound != null) {
            return String.format(Locale.ROOT, "%s %s", direction == Direction.HIGHER_IS_WORSE ? "at most" : "at least",
                    MetricChecks.number(bound));
        }
        return String.format(Locale.ROOT, "at most %.0f %% %s the %s", 100 * tolerance,
                direction == Direction.HIGHER_IS_WORSE ? "above" : "below", comparison);
    }
}
