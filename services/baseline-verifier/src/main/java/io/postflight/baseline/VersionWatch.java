package io.postflight.baseline;

import io.postflight.contracts.Target;
import java.time.Instant;
import java.util.List;

/**
 * Told which versions' traffic must be recorded from now on. A provider that reads a metrics
 * store (Prometheus) needs nothing of the kind; the scrape provider only knows what it scraped
 * itself, so it must start scraping a version before its data is needed. Called on the stream
 * thread: implementations must return at once.
 */
public interface VersionWatch {

    /** Nothing to record: the provider's store already has every version's history. */
    VersionWatch NONE = new VersionWatch() {
        @Override
        public void watch(String service, String environment, String version, List<Target> instances,
                          Instant since) {
        }

        @Override
        public void unwatch(String service, String environment, String version) {
        }
    };

    /**
     * Starts (or keeps) recording {@code version}, whose instances are {@code instances}; its
     * recording was needed from {@code since} on (the verification's start): a recording that
     * begins much later knows the span in between was the verifier's gap, not the version's.
     */
    void watch(String service, String environment, String version, List<Target> instances, Instant since);

    /** Stops recording {@code version} and forgets what was recorded of it. */
    void unwatch(String service, String environment, String version);
}
