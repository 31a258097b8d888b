package io.hookbridge.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hookbridge.mapping.FieldMapping;
import io.hookbridge.mapping.MappingException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The columns of the shipped sales-to-sql flow on any event the ingress accepted: one value per
 * column, or a {@link MappingException}; nothing else escapes, and nothing takes long (the
 * {@code @Timeout} is also the fuzzer's limit for one input).
 *
 * <p>Inputs: the raw body of an event, such as the systeme.io samples in
 * {@code SalesToSqlFuzzTestInputs/columns/}.
 */
class SalesToSqlFuzzTest {

    /** Parsed as the SQL sink parses them (dates in UTC). */
    private static final FieldMapping COLUMNS =
            FieldMapping.parse(FlowFiles.parameter("sales-to-sql.camel.yaml", "columns"));

    @FuzzTest
    @DictionaryFile(resourcePath = "mapping.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void columns(byte[] body) {
        JournaledEvents.of(body).ifPresent(event -> MappedValues.assertMapsOrRefuses(COLUMNS, event));
    }
}
