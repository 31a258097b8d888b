package io.hookbridge.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A local HTTP server that records every request and answers what the test sets. */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request as received; header names are looked up without regard to case. */
    public record Request(Instant at, String method, String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What to answer: status, extra headers, and how long to wait before answering. */
    public record Answer(int status, Map<String, String> headers, Duration delay) {
        public Answer(int status, Map<String, String> headers) {
            this(status, headers, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, Map.of()));
    private final Queue<Answer> nextAnswers = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();

    public RecordingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    List.copyOf(values)));
            requests.add(new Request(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers, body));
            Answer next = nextAnswers.poll();
            Answer current = next != null ? next : answer.get();
            try {
                TimeUnit.MILLISECONDS.sleep(current.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(current.status(), -1);
            exchange.close();
            answered.incrementAndGet();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers every request from now on like this. */
    public void answer(int status, Map<String, String> headers) {
        answer.set(new Answer(status, headers));
    }

    /** Answers every request from now on like this (a delay holds each request that long). */
    public void answer(Answer always) {
        answer.set(always);
    }

    /** Answers the next requests with these, in turn, then as {@link #answer} says. */
    public void answerInTurn(Answer... answers) {
        nextAnswers.addAll(List.of(answers));
    }

    /** How many requests have been answered (a delayed answer counts once it is sent). */
    public int answered() {
        return answered.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
