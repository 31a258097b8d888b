package io.hookbridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.payload.PayloadParser;
import io.hookbridge.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The samples the admin console sends: the index lists every file of the folder, each with its type. */
class SampleEventsTest {

    @Test
    void should_list_every_sample_file_of_the_folder_with_the_type_of_its_body() throws IOException {
        List<String> files;
        try (Stream<Path> folder = Files.list(Path.of("src/main/resources/samples/systeme"))) {
            files = folder.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList();
        }

        List<SampleEvents.Sample> samples = SampleEvents.load(new PayloadParser()).all();

        assertThat(samples).extracting(sample -> sample.name() + ".json").containsExactlyElementsOf(files);
        assertThat(files).containsExactlyElementsOf(Samples.SYSTEME);
        for (SampleEvents.Sample sample : samples) {
            assertThat(sample.body()).isEqualTo(Samples.bytes(sample.name() + ".json"));
            assertThat(sample.name()).as("a sample's name starts with its type or ends with it").satisfiesAnyOf(
                    name -> assertThat(name).startsWith(sample.type()), name -> assertThat(name).endsWith(sample.type()));
        }
    }

    @Test
    void should_know_no_sample_outside_its_index() {
        SampleEvents samples = SampleEvents.load(new PayloadParser());

        assertThat(samples.find("customer.sale.completed")).isPresent();
        assertThat(samples.find("customer.sale.completed.json")).isEmpty();
        assertThat(samples.find("index")).isEmpty();
        assertThat(samples.find("../application.properties")).isEmpty();
        assertThat(samples.find(null)).isEmpty();
    }
}
