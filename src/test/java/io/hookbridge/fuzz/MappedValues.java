package io.hookbridge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.journal.JournalEvent;
import io.hookbridge.mapping.FieldMapping;
import io.hookbridge.mapping.MappingException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;

/** What applying a parsed mapping to an event may give: one value per field, or a MappingException. */
final class MappedValues {

    private MappedValues() {
    }

    /**
     * Applies {@code mapping} to {@code event}: either one value per field, in mapping order, each
     * null or of a type the sinks write, or a {@link MappingException} that names the field.
     */
    static void assertMapsOrRefuses(FieldMapping mapping, JournalEvent event) {
        Map<String, Object> values;
        try {
            values = mapping.apply(event);
        } catch (MappingException unconvertible) {
            assertThat(unconvertible.getMessage()).startsWith("field '");
            return;
        }
        assertThat(values.keySet()).containsExactlyElementsOf(mapping.names());
        for (Object value : values.values()) {
            if (value != null) {
                assertThat(value).isInstanceOfAny(String.class, Long.class, BigDecimal.class, OffsetDateTime.class,
                        LocalDate.class, LocalDateTime.class);
            }
        }
    }
}
