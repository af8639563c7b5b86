package io.postflight.judge.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every setting's edge: the largest value refused and the smallest accepted, so that a policy file
 * that would make the judge meaningless (a zero window, α of 1, a tolerance below "no change", a
 * sustained breach of zero checks) is refused at load, and one at the edge is not.
 */
class BaselinePolicyTest {

    /** The default policy with one component replaced, built through the canonical constructor. */
    private static BaselinePolicy with(String component, Object value) {
        RecordComponent[] components = BaselinePolicy.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                found |= components[i].getName().equals(component);
                args[i] = components[i].getName().equals(component) ? value
                        : components[i].getAccessor().invoke(BaselinePolicy.DEFAULT);
            }
            assertThat(found).as("component %s", component).isTrue();
            return BaselinePolicy.class.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void refused(String component, Object value, String message) {
        assertThatThrownBy(() -> with(component, value)).as("%s = %s", component, value)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    private static void accepted(String component, Object value) {
        assertThatCode(() -> with(component, value)).as("%s = %s", component, value).doesNotThrowAnyException();
        assertThat(with(component, value)).isNotNull();
    }

    @Test
    void durationsThatMustBePositiveRefuseZeroNegativeAndNull() {
        for (String d : new String[] {"window", "hardCheckInterval"}) {
            refused(d, Duration.ZERO, d + " must be positive");
            refused(d, Duration.ofSeconds(-1), d + " must be positive");
            refused(d, null, d + " must be positive: null");
            accepted(d, Duration.ofSeconds(1));
        }
    }

    @Test
    void durationsThatMayBeZeroRefuseNegativeAndNull() {
        for (String d : new String[] {"warmUp", "blipAllowance", "hardErrorPeriod"}) {
            refused(d, Duration.ofSeconds(-1), d + " must not be negative");
            refused(d, null, d + " must not be negative: null");
            accepted(d, Duration.ZERO);
        }
    }

    @Test
    void alphaIsAProbabilityStrictlyBetweenZeroAndOne() {
        refused("alpha", 0.0, "alpha must be in (0, 1)");
        refused("alpha", 1.0, "alpha must be in (0, 1)");
        refused("alpha", Double.NaN, "alpha must be in (0, 1)");
        accepted("alpha", Double.MIN_VALUE);
        accepted("alpha", Math.nextDown(1.0));
    }

    @Test
    void coverageIsAFractionEdgesIncluded() {
        refused("minCoverage", -1e-9, "minCoverage must be in [0, 1]");
        refused("minCoverage", Math.nextUp(1.0), "minCoverage must be in [0, 1]");
        refused("minCoverage", Double.NaN, "minCoverage must be in [0, 1]");
        accepted("minCoverage", 0.0);
        accepted("minCoverage", 1.0);
    }

    @Test
    void ratioTolerancesAreAtLeastNoChange() {
        for (String r : new String[] {"errorRatioTolerance", "latencyRatioTolerance", "hardLatencyFactor"}) {
            refused(r, Math.nextDown(1.0), "ratio tolerances must be at least 1");
            accepted(r, 1.0);
        }
    }

    @Test
    void excessTolerancesAreNotNegative() {
        for (String e : new String[] {"errorExcessTolerance", "latencyExcessTolerance", "hardErrorExcess"}) {
            refused(e, -Double.MIN_VALUE, "excess tolerances must not be negative");
            accepted(e, 0.0);
        }
    }

    @Test
    void countsAreNotNegativeAndASustainedBreachIsAtLeastOneCheck() {
        String message = "counts must not be negative, consecutive checks at least 1";
        refused("minRequests", -1L, message);
        refused("hardMinRequests", -1L, message);
        refused("hardConsecutiveChecks", 0, message);
        accepted("minRequests", 0L);
        accepted("hardMinRequests", 0L);
        accepted("hardConsecutiveChecks", 1);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        BaselinePolicy p = BaselinePolicy.DEFAULT;
        assertThat(p.window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.warmUp()).isEqualTo(Duration.ofMinutes(3));
        assertThat(p.alpha()).isEqualTo(0.01);
        assertThat(p.hardErrorExcess()).isEqualTo(0.05);
        assertThat(p.hardLatencyFactor()).isEqualTo(2.0);
        assertThat(p.hardConsecutiveChecks()).isEqualTo(2);
        assertThat(p.hardMinRequests()).isEqualTo(50);
    }

    @Test
    void anotherWindowKeepsEveryOtherSetting() {
        BaselinePolicy p = with("alpha", 0.05).withWindow(Duration.ofMinutes(45));
        assertThat(p.window()).isEqualTo(Duration.ofMinutes(45));
        RecordComponent[] components = BaselinePolicy.class.getRecordComponents();
        for (RecordComponent c : Arrays.copyOfRange(components, 1, components.length)) {
            try {
                assertThat(c.getAccessor().invoke(p)).as(c.getName())
                        .isEqualTo(c.getAccessor().invoke(with("alpha", 0.05)));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        refused("window", Duration.ZERO, "window");
        assertThatThrownBy(() -> BaselinePolicy.DEFAULT.withWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
