package io.hookbridge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hookbridge.mapping.FieldMapping;
import io.hookbridge.mapping.FieldMappings;
import io.hookbridge.mapping.MappingException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any mapping text on any event the ingress accepted: the text either parses or is refused with
 * an {@link IllegalArgumentException} that names what to fix, and a parsed mapping either maps
 * the event or fails with a {@link MappingException}. Nothing else escapes, and nothing takes long
 * (the {@code @Timeout} is also the fuzzer's limit for one input).
 *
 * <p>Input layout ({@code FuzzedDataProvider}): the mapping text, a backslash and one more byte,
 * the event's raw body, then one byte that picks the time zone (its value modulo 5 indexes
 * {@link #ZONES}); for example {@code order_id = $.data.order.id as long\;{"type": ...}2}. The
 * inputs in {@code FieldMappingFuzzTestInputs/anyMapping/} are the systeme.io samples with the
 * mappings of the shipped flows, laid out this way.
 */
class FieldMappingFuzzTest {

    private static final int MAX_MAPPING_LENGTH = 2_000;
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Paris"),
            ZoneId.of("America/Los_Angeles"), ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Etc/GMT+12"));

    @FuzzTest
    @DictionaryFile(resourcePath = "mapping.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anyMapping(FuzzedDataProvider data) {
        ZoneId zone = data.pickValue(ZONES);
        String spec = data.consumeString(MAX_MAPPING_LENGTH);
        byte[] body = data.consumeRemainingAsBytes();

        FieldMapping mapping;
        try {
            mapping = new FieldMappings(zone).of(spec);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage())
                    .matches("(?s)mapping line \\d+ .*|the mapping has no fields|the mapping names a field twice");
            return;
        }
        assertThat(mapping.names()).isNotEmpty().doesNotHaveDuplicates();
        JournaledEvents.of(body).ifPresent(event -> MappedValues.assertMapsOrRefuses(mapping, event));
    }
}
