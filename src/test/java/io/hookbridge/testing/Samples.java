package io.hookbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real systeme.io payloads (src/main/resources/samples/systeme/, shipped in the jar for the
 * admin console) and the adversarial and signed fixtures (src/test/resources/samples/), from the classpath.
 */
public final class Samples {

    /** Every documented automation-rule payload, by file name. */
    public static final List<String> SYSTEME = List.of(
            "captured.contact.course.enrolled.json",
            "contact.campaign.finished.json",
            "contact.course.enrolled.json",
            "contact.course_bundle.enrolled.json",
            "contact.email_link.clicked.json",
            "contact.optin.completed.blog-page.json",
            "contact.optin.completed.funnel-step.json",
            "contact.page.visited.json",
            "contact.tag.added.json",
            "contact.tag.removed.json",
            "contact.webinar.registered.json",
            "customer.sale.completed.json");

    private Samples() {
    }

    /** For {@code @MethodSource("io.hookbridge.testing.Samples#systemeSamples")}. */
    public static Stream<String> systemeSamples() {
        return SYSTEME.stream();
    }

    public static byte[] bytes(String name) {
        String path = "samples/" + (name.contains("/") ? name : "systeme/" + name);
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
