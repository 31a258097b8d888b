import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Open-loop load for the benchmarks: POSTs distinct sales (a new order id each) at a fixed
 * rate for a number of seconds, or a fixed count as fast as 64 requests in flight allow, and
 * prints what was acknowledged and the POST latency.
 *
 *   java bench/RateLoad.java URL SAMPLE RATE SECONDS      (RATE 0: as fast as possible for SECONDS)
 *   java bench/RateLoad.java URL SAMPLE 0 0 COUNT         (COUNT requests as fast as possible)
 */
public class RateLoad {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String template = Files.readString(Path.of(args[1]));
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long count = args.length > 4 ? Long.parseLong(args[4]) : rate == 0 ? 5_000_000 : (long) rate * seconds;
        long deadline = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        long base = System.nanoTime() % 1_000_000_000L * 1000;
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.ConcurrentHashMap<String, Long> failures = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLongArray latencies = new AtomicLongArray((int) count);
        Semaphore inFlight = new Semaphore(rate == 0 ? 64 : 2000);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long periodNanos = rate == 0 ? 0 : 1_000_000_000L / rate;
        int i = 0;
        for (; i < count && System.nanoTime() < deadline; i++) {
            if (periodNanos > 0) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            inFlight.acquire();
            final int n = i;
            String body = template.replace("\"id\": 612661", "\"id\": " + (base + i));
            long sent = System.nanoTime();
            http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        latencies.set(n, System.nanoTime() - sent);
                        if (error == null && response.statusCode() / 100 == 2) {
                            acked.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            String why = error != null ? (error.getCause() != null ? error.getCause().toString() : error.toString()) : "HTTP " + response.statusCode();
                            failures.merge(why, 1L, Long::sum);
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(rate == 0 ? 64 : 2000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        count = i;
        long[] sorted = new long[(int) count];
        for (int k = 0; k < count; k++) {
            sorted[k] = latencies.get(k);
        }
        Arrays.sort(sorted);
        System.out.printf("sent=%d acked=%d failed=%d seconds=%.1f rate=%.0f/s post_p50_ms=%.1f post_p99_ms=%.1f%n",
                count, acked.get(), failed.get(), elapsed, acked.get() / elapsed, sorted[(int) (count * 0.50)] / 1e6,
                sorted[(int) Math.min(count - 1, count * 0.99)] / 1e6);
        if (!failures.isEmpty()) {
            System.out.println("failures: " + failures);
        }
        ticker.shutdown();
        System.exit(0);
    }
}
