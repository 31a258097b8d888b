import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the benchmarks, light enough to share two cores with the bridge: keep-alive
 * HTTP/1.1 connections over plain sockets POST distinct sales (a new order id each), either at
 * a fixed rate (latency counted from when each request was due, so queueing shows) or as fast
 * as the connections allow. Prints what was acknowledged and the POST latency.
 *
 *   java bench/RateLoad.java URL SAMPLE RATE SECONDS     (RATE 0: as fast as possible for SECONDS)
 *   java bench/RateLoad.java URL SAMPLE 0 0 COUNT        (COUNT requests as fast as possible)
 */
public class RateLoad {

    private static final int CONNECTIONS = 64;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String template = Files.readString(Path.of(args[1]));
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long count = args.length > 4 ? Long.parseLong(args[4]) : rate == 0 ? Long.MAX_VALUE : (long) rate * seconds;
        long start = System.nanoTime();
        long deadline = seconds == 0 ? Long.MAX_VALUE : start + seconds * 1_000_000_000L;
        long period = rate == 0 ? 0 : 1_000_000_000L / rate;
        long base = System.currentTimeMillis() % 100_000_000L * 10_000;
        AtomicLong next = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long[][] latencies = new long[CONNECTIONS][];
        int[] counts = new int[CONNECTIONS];
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            latencies[c] = new long[1 << 16];
            new Thread(() -> {
                Socket socket = null;
                InputStream in = null;
                try {
                    while (true) {
                        long n = next.getAndIncrement();
                        long due = start + n * period;
                        if (n >= count || due > deadline || System.nanoTime() > deadline) {
                            break;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        long sent = period == 0 ? System.nanoTime() : due;
                        String body = template.replace("\"id\": 612661", "\"id\": " + (base + n));
                        try {
                            if (socket == null) {
                                socket = new Socket(uri.getHost(), uri.getPort());
                                socket.setTcpNoDelay(true);
                                in = new BufferedInputStream(socket.getInputStream());
                            }
                            int status = post(socket, in, uri, body.getBytes(StandardCharsets.UTF_8));
                            if (status / 100 == 2) {
                                acked.incrementAndGet();
                            } else {
                                failures.merge("HTTP " + status, 1L, Long::sum);
                            }
                        } catch (IOException e) {
                            failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                            close(socket);
                            socket = null;
                        }
                        if (counts[connection] == latencies[connection].length) {
                            latencies[connection] = Arrays.copyOf(latencies[connection], counts[connection] * 2);
                        }
                        latencies[connection][counts[connection]++] = System.nanoTime() - sent;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    close(socket);
                    done.countDown();
                }
            }).start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < CONNECTIONS; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("sent=%d acked=%d failed=%d seconds=%.1f rate=%.0f/s post_p50_ms=%.1f post_p99_ms=%.1f%n",
                all.length, acked.get(), failed, elapsed, acked.get() / elapsed, percentile(all, 0.50),
                percentile(all, 0.99));
        if (!failures.isEmpty()) {
            System.out.println("failures: " + failures);
        }
    }

    private static int post(Socket socket, InputStream in, URI uri, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                in.skipNBytes(size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return code;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
    }

    private static void close(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }
}
