package io.hookbridge.mapping;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The mappings of the flows of one sink, each parsed once, with dates taken in one time zone. */
public final class FieldMappings {

    private final ZoneId zone;
    private final Map<String, FieldMapping> parsed = new ConcurrentHashMap<>();

    /** @param zone where the dates and times of the mapped values are taken (hookbridge.time-zone) */
    public FieldMappings(ZoneId zone) {
        this.zone = zone;
    }

    /** The mapping written as {@code spec} (a flow's mapping lines). */
    public FieldMapping of(String spec) {
        return parsed.computeIfAbsent(spec, text -> FieldMapping.parse(text, zone));
    }
}
