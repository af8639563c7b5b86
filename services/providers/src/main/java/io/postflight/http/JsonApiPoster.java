package io.postflight.http;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Posts request bodies to one HTTP API that answers JSON (Prometheus, Alertmanager) with
 * Micronaut's HTTP client, and hands back every answer as it came, error statuses included:
 * which statuses are permanent and which a retry may fix is the caller's decision. A failure
 * without an answer (no connection, timeout, broken response) is an {@link IOException}.
 *
 * <p>{@link #post} blocks the calling thread. Callers run it inside
 * {@link io.postflight.resilience.ResilientCalls}, whose attempts run on virtual threads; on one
 * of Netty's event-loop threads Micronaut refuses the call rather than stall the loop it needs.
 * Interrupting the caller abandons the exchange. Each poster owns a one-thread event loop and a
 * connection pool: {@link #close()} releases them.
 */
public final class JsonApiPoster implements AutoCloseable {

    /** Read both successful and error bodies as bytes, so no status turns into an exception. */
    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);
    private static final byte[] NO_BODY = new byte[0];

    private final HttpClient client;
    private final BlockingHttpClient blocking;

    /** One HTTP answer: its status code and body (empty when there was none). */
    public record Answer(int status, byte[] body) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A poster for a caller that bounds every attempt itself (with {@code ResilientCalls}) at
     * {@code attemptTimeout}: the client's own limits sit a margin beyond it (twice the timeout, at
     * least one second more), so a slow server is always reported by the caller's policy as a
     * timeout, never first by the client as a broken exchange, however loaded the machine is.
     */
    public static JsonApiPoster boundedBy(URI server, Duration attemptTimeout) {
        Duration margin = attemptTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : attemptTimeout;
        return new JsonApiPoster(server, attemptTimeout.plus(margin));
    }

    /**
     * A poster to {@code server} (scheme, host and port are what count: requests carry absolute
     * URIs). {@code timeout} limits connecting, and the whole of each exchange.
     */
    public JsonApiPoster(URI server, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(timeout);
        configuration.setReadTimeout(timeout);
        // Without it Micronaut allows read-timeout + 1 s for the exchange; the JDK client's
        // request timeout, which this replaces, bounded the whole exchange.
        configuration.setRequestTimeout(timeout);
        // A redirect is an answer to report (a misconfigured URL), as with the JDK client before.
        configuration.setFollowRedirects(false);
        configuration.setExceptionOnErrorStatus(false);
        // The JDK client had no cap; a large range answer must not become a retried "failure".
        configuration.setMaxContentLength(Integer.MAX_VALUE);
        // Callers block on their own threads; the loop only moves bytes for one server.
        configuration.setNumOfThreads(1);
        try {
            this.client = HttpClient.create(server.toURL(), configuration);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException("not an http(s) URL: " + server, e);
        }
        this.blocking = client.toBlocking();
    }

    /**
     * Posts {@code body} as {@code contentType} to {@code uri}, asking for JSON, with
     * {@code headers} added (e.g. {@code Authorization}, {@code X-Scope-OrgID}).
     *
     * @throws IOException the server could not be reached or did not answer in time
     * @throws InterruptedException the calling thread was interrupted; the exchange is abandoned
     */
    public Answer post(URI uri, MediaType contentType, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        // A String body: Micronaut sends it as is, even as a form (other body types it would encode).
        MutableHttpRequest<String> request = HttpRequest.POST(uri, body)
                .contentType(contentType)
                .accept(MediaType.APPLICATION_JSON_TYPE);
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = blocking.exchange(request, BYTES, BYTES);
            return new Answer(response.code(), response.getBody().orElse(NO_BODY));
        } catch (HttpClientException e) {
            throw new IOException("POST " + uri + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The blocking client wraps the InterruptedException of its wait (and may set the
            // flag again); say it plainly, with the flag cleared as a thrown one implies.
            if (causedByInterrupt(e)) {
                Thread.interrupted();
                InterruptedException interrupted = new InterruptedException("POST " + uri + " interrupted");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw e;
        }
    }

    private static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
