package io.hookbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Posts distinct sales (a new order id each) from several threads until stopped, and keeps the
 * event id of every acknowledged one (2xx): what the bridge has promised never to lose.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong ORDER = new AtomicLong(5_000_000);

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** @param targets the webhook URLs to spread the load over, chosen anew for each request */
    public LoadGenerator(int threadCount, Supplier<List<String>> targets) {
        threads = Executors.newFixedThreadPool(threadCount);
        String template = Samples.text("customer.sale.completed.json");
        for (int t = 0; t < threadCount; t++) {
            threads.submit(() -> {
                long n = 0;
                while (running.get()) {
                    List<String> urls = targets.get();
                    String url = urls.get((int) (n++ % urls.size()));
                    String body = template.replace("\"id\": 612661", "\"id\": " + ORDER.incrementAndGet());
                    post(url, body);
                }
            });
        }
    }

    private void post(String url, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                acknowledged.add(JSON.readTree(response.body()).get("event_id").asText());
            } else {
                refused.incrementAndGet();
            }
        } catch (Exception e) {
            refused.incrementAndGet();
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Something a test does once the load has reached its mark, such as killing a bridge. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * Runs load from 8 threads until at least {@code mark} webhooks are acknowledged, does
     * {@code atMark}, stops, and returns what was acknowledged.
     */
    public static Set<String> until(int mark, Supplier<List<String>> targets, Action atMark) throws Exception {
        return until(mark, 8, targets, atMark);
    }

    /**
     * Runs load with {@code concurrency} requests in flight at all times (each thread sends its
     * next as soon as it has an answer) until at least {@code mark} webhooks are acknowledged,
     * does {@code atMark} while that load still runs, stops, and returns what was acknowledged.
     */
    public static Set<String> until(int mark, int concurrency, Supplier<List<String>> targets, Action atMark)
            throws Exception {
        try (LoadGenerator load = new LoadGenerator(concurrency, targets)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged().size() >= mark);
            atMark.run();
            load.close();
            return load.acknowledged();
        }
    }

    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public long refused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
