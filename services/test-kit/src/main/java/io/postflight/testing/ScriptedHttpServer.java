package io.postflight.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that answers from a script: queued responses first, then a
 * default one. Lets tests exercise timeouts, retries and breakers against actual sockets.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** One scripted answer: status, body, and a delay before answering. */
    public record Reply(int status, String body, long delayMillis) {
        public static Reply ok(String body) {
            return new Reply(200, body, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, "status " + status, 0);
        }

        public static Reply slow(long delayMillis, String body) {
            return new Reply(200, body, delayMillis);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile Reply fallback = Reply.ok("ok");
    private volatile Function<String, Reply> responder;

    public ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            requests.add(exchange.getRequestURI());
            arrivalNanos.add(System.nanoTime());
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(requestBody);
            Reply reply = script.poll();
            if (reply == null) {
                Function<String, Reply> byRequest = responder;
                reply = byRequest != null ? byRequest.apply(requestBody) : fallback;
            }
            try {
                if (reply.delayMillis() > 0) {
                    Thread.sleep(reply.delayMillis());
                }
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The client gave up (timeout); nothing to answer to.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public ScriptedHttpServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public ScriptedHttpServer otherwise(Reply reply) {
        fallback = reply;
        return this;
    }

    /** Answers, once the script is used up, by looking at each request's body. */
    public ScriptedHttpServer respondWith(Function<String, Reply> byRequestBody) {
        responder = byRequestBody;
        return this;
    }

    /** Bodies of the requests received, in order of arrival. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int hits() {
        return hits.get();
    }

    public List<URI> requests() {
        return List.copyOf(requests);
    }

    /** Milliseconds between the arrival of request {@code i} and request {@code i + 1}. */
    public long gapMillis(int i) {
        return (arrivalNanos.get(i + 1) - arrivalNanos.get(i)) / 1_000_000;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
