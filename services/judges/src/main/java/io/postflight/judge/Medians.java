package io.postflight.judge;

/** The median of a sample, for every judge that needs one. Pure. */
public final class Medians {
    private Medians() {
    }

    /** Median of the values; NaN for none. Does not modify {@code v}. Linear time (quickselect). */
    public static double of(double[] v) {
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        double upper = select(s, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        // after selecting rank n/2, every value left of it is no larger: the lower middle is their maximum
        double lower = s[0];
        for (int i = 1; i < n / 2; i++) {
            lower = Math.max(lower, s[i]);
        }
        return (lower + upper) / 2.0;
    }

    /** The k-th smallest (0-based) of {@code a}, partially reordering it (Hoare's selection). */
    private static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
