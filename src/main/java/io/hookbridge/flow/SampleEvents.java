package io.hookbridge.flow;

import io.hookbridge.payload.AutomationRulePayloads;
import io.hookbridge.payload.PayloadParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The systeme.io sample payloads shipped in the jar ({@value #FOLDER}, listed in its
 * {@code index.txt}): the admin console sends them to test a flow end to end and previews a
 * flow with them, and the startup checks render each flow's templates with those of its types.
 * Each is named after its file without {@code .json}; its type is read from its body.
 */
public final class SampleEvents {

    public static final String FOLDER = "samples/systeme/";

    /** One sample: its name, its event type and its bytes. */
    public record Sample(String name, String type, byte[] body) {
        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private final Map<String, Sample> samples;

    private SampleEvents(Map<String, Sample> samples) {
        this.samples = samples;
    }

    /** Reads every sample of the index; a listed file that is missing or not a typed payload stops the startup. */
    public static SampleEvents load(PayloadParser parser) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (String line : new String(resource(FOLDER + "index.txt"), StandardCharsets.UTF_8).split("\n")) {
            String file = line.trim();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            byte[] body = resource(FOLDER + file);
            String name = file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
            samples.put(name, new Sample(name, AutomationRulePayloads.typeOf(parser.parse(body)), body));
        }
        return new SampleEvents(Collections.unmodifiableMap(samples));
    }

    /** Every sample, in the order of the index. */
    public List<Sample> all() {
        return List.copyOf(samples.values());
    }

    /** The samples of this event type, in the order of the index. */
    public List<Sample> ofType(String type) {
        return samples.values().stream().filter(sample -> sample.type().equals(type)).toList();
    }

    public Optional<Sample> find(String name) {
        return Optional.ofNullable(name == null ? null : samples.get(name));
    }

    private static byte[] resource(String path) {
        try (InputStream in = SampleEvents.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
