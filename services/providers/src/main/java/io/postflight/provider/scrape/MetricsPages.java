package io.postflight.provider.scrape;

import io.postflight.contracts.Target;
import io.postflight.contracts.TargetUrl;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The metrics pages of a version's instances, built from their base URLs with {@link TargetUrl}
 * (the one check of a usable target URL): an instance whose URL is refused is not scraped, and the
 * reason is kept for the phase result instead of an exception on a scheduler or stream thread.
 *
 * @param pages full URLs of the pages to scrape
 * @param refused reason by instance name, for instances whose URL was refused
 */
public record MetricsPages(List<URI> pages, Map<String, String> refused) {
    /** Refused instances named in {@link #describeRefused()}; the rest are counted. */
    static final int SHOWN = 10;


    /** The page at {@code metricsPath} (e.g. {@code /metrics}) under each target's base URL. */
    public static MetricsPages of(List<Target> targets, String metricsPath) {
        return of(targets, metricsPath, host -> Optional.empty());
    }

    /**
     * As {@link #of(List, String)}, refusing too the instances whose host {@code refuseHost} refuses
     * (the service's target policy, on names and IP literals), with its reason.
     */
    public static MetricsPages of(List<Target> targets, String metricsPath,
                                  Function<String, Optional<String>> refuseHost) {
        List<URI> pages = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (Target t : targets) {
            try {
                TargetUrl url = TargetUrl.parse(t.url());
                Optional<String> policy = refuseHost.apply(url.host());
                if (policy.isPresent()) {
                    refused.put(t.instance(), policy.get());
                } else {
                    pages.add(url.resolve(metricsPath));
                }
            } catch (IllegalArgumentException e) {
                refused.put(t.instance(), e.getMessage());
            }
        }
        return new MetricsPages(List.copyOf(pages), Map.copyOf(refused));
    }

    /** One line naming the refused instances and why, for a failure record. */
    public String describeRefused() {
        // Named up to a few: the text goes into a phase result, which must stay far below a record's limit.
        List<String> each = new ArrayList<>();
        refused.forEach((instance, why) -> {
            if (each.size() < SHOWN) {
                each.add(instance + ": " + why);
            }
        });
        return "target refused for " + refused.size() + " instance(s): " + String.join("; ", each)
                + (refused.size() > SHOWN ? "; and " + (refused.size() - SHOWN) + " more" : "");
    }
}
