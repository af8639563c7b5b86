package io.postflight.verdict.history;

import io.postflight.contracts.VerdictState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A filtered, paged list request: deployments of {@code service} and {@code environment} (when
 * given) in {@code state}, whose {@link DeploymentHistory#since()} lies in [{@code from},
 * {@code to}), newest first, at most {@code limit} after {@code cursor}. Pure: histories in, page out;
 * keeps only {@code limit + 1} candidates in memory whatever the number scanned.
 *
 * @param service exact service name, or {@code null} for any
 * @param environment exact environment name, or {@code null} for any
 * @param state the current state, or {@code null} for any
 * @param from inclusive lower bound, or {@code null}
 * @param to exclusive upper bound, or {@code null}
 * @param limit page size, already bounded by the API's maximum
 * @param cursor where the previous page ended, or {@code null} for the first page
 */
public record DeploymentQuery(String service, String environment, VerdictState state, Instant from, Instant to,
                              int limit, PageCursor cursor) {

    public DeploymentQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** Whether {@code h} passes the filters and comes after the cursor. */
    public boolean matches(DeploymentHistory h) {
        return (service == null || service.equals(h.deployment().service()))
                && (environment == null || environment.equals(h.deployment().environment()))
                && (state == null || state == h.state())
                && (from == null || !h.since().isBefore(from))
                && (to == null || h.since().isBefore(to))
                && (cursor == null || cursor.precedes(h));
    }

    /** The page of {@code histories} (any order) this query asks for. */
    public DeploymentPage page(Iterable<DeploymentHistory> histories) {
        // The worst of the best limit+1 on top, so it is dropped first.
        PriorityQueue<DeploymentHistory> best = new PriorityQueue<>(PageCursor.ORDER.reversed());
        for (DeploymentHistory h : histories) {
            if (matches(h)) {
                best.add(h);
                if (best.size() > limit + 1) {
                    best.poll();
                }
            }
        }
        List<DeploymentHistory> sorted = new ArrayList<>(best);
        sorted.sort(PageCursor.ORDER);
        boolean more = sorted.size() > limit;
        List<DeploymentHistory> items = more ? sorted.subList(0, limit) : sorted;
        String next = more ? PageCursor.after(items.get(items.size() - 1)).encode() : null;
        return new DeploymentPage(items.stream().map(DeploymentSummary::of).toList(), next);
    }
}
