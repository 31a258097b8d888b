import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the upsert part of bench/sheets.sh: a burst of contact events for a set of contacts, as fast as a few
 * keep-alive connections go. Each contact gets an opt-in, then tags added and removed (T1, T2, T3, -T1, T4, -T2, T5,
 * T1, -T3: ten events, leaving "T4, T5, T1"); the events of one contact always go through the same connection, one
 * after the other, so they are journaled in order; those of different contacts interleave. Each body is one of the
 * systeme.io samples with the contact, the tag and the time changed (no two bodies alike).
 *
 *   java bench/ContactLoad.java URL SAMPLES_FOLDER EVENTS CONTACTS
 *
 * Prints {@code events=.. acked=.. failed=.. seconds=.. rate=../s expected_tags=T4, T5, T1}.
 */
public class ContactLoad {

    private static final int CONNECTIONS = 8;
    private static final String[][] STEPS = {{"+", "T1"}, {"+", "T2"}, {"+", "T3"}, {"-", "T1"}, {"+", "T4"},
            {"-", "T2"}, {"+", "T5"}, {"+", "T1"}, {"-", "T3"}};
    private static final DateTimeFormatter SYSTEME_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        Path samples = Path.of(args[1]);
        int events = Integer.parseInt(args[2]);
        int contacts = Integer.parseInt(args[3]);
        if (events != contacts * (STEPS.length + 1)) {
            throw new IllegalArgumentException("EVENTS must be CONTACTS x " + (STEPS.length + 1));
        }
        String optIn = Files.readString(samples.resolve("contact.optin.completed.funnel-step.json"));
        String added = Files.readString(samples.resolve("contact.tag.added.json"));
        String removed = Files.readString(samples.resolve("contact.tag.removed.json"));
        long base = System.currentTimeMillis() / 1000 % 1_000_000 * 1000;
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        List<List<String>> byConnection = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            byConnection.add(new ArrayList<>());
        }
        int second = 0;
        for (int step = -1; step < STEPS.length; step++) {
            for (int contact = 0; contact < contacts; contact++) {
                long id = base + contact;
                String email = "bench-contact-" + id + "@example.com";
                String body;
                if (step < 0) {
                    body = optIn.replace("\"id\": 29142804", "\"id\": " + id)
                            .replace("temochkaykvlv+aslkfkvmk@gmail.com", email);
                } else {
                    String template = STEPS[step][0].equals("+") ? added : removed;
                    body = template.replace("\"id\": 29143587", "\"id\": " + id)
                            .replace("\"id\": 27212122", "\"id\": " + id)
                            .replace("temochkaykvlv+lksdllfnsnkfdls@gmail.com", email)
                            .replace("temochkaykvlv+test@gmail.com", email)
                            .replace("MyAwesomeTag", STEPS[step][1]);
                }
                body = body.replaceFirst("\"created_at\": \"[^\"]+\"",
                        "\"created_at\": \"" + start.plusSeconds(second++).format(SYSTEME_TIME) + "\"");
                byConnection.get(contact % CONNECTIONS).add(body);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong acked = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long began = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (List<String> bodies : byConnection) {
            Thread thread = new Thread(() -> {
                for (String body : bodies) {
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() / 100 == 2) {
                            acked.incrementAndGet();
                        } else {
                            failures.merge("HTTP " + response.statusCode(), 1L, Long::sum);
                        }
                    } catch (Exception e) {
                        failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("events=%d acked=%d failed=%d seconds=%.1f rate=%.0f/s expected_tags=T4, T5, T1%n", events,
                acked.get(), failed, seconds, acked.get() / seconds);
        if (!failures.isEmpty()) {
            System.out.println("failures: " + failures);
        }
    }
}
