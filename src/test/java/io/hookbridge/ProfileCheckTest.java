package io.hookbridge;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Runs in the repository root, where application-prod.properties is. */
class ProfileCheckTest {

    @Test
    void should_stop_when_the_profile_in_use_is_not_the_selected_one() {
        assertThatThrownBy(() -> ProfileCheck.check(context(null, "file:application.properties"), "prod"))
                .hasMessage("profile 'prod' is selected (camel.main.profile) but the profile in use is none;"
                        + " under camel run, select it with --profile=prod");
        assertThatThrownBy(() -> ProfileCheck.check(context("dev", "file:application.properties"), "prod"))
                .hasMessageContaining("the profile in use is 'dev'");
    }

    @Test
    void should_stop_a_profile_in_use_whose_file_is_there_but_was_not_read() {
        assertThatThrownBy(() -> ProfileCheck.check(context("prod", "file:application.properties"), "prod"))
                .hasMessage("profile 'prod' is in use but application-prod.properties was not read;"
                        + " under camel run, select the profile with --profile=prod");
    }

    @Test
    void should_let_the_selected_profile_start_with_its_file_read_as_the_jar_or_camel_run_name_it() {
        assertThatCode(() -> ProfileCheck.check(context("prod", "file:application-prod.properties",
                "file:application.properties"), "prod")).doesNotThrowAnyException();
        assertThatCode(() -> ProfileCheck.check(context("prod", "file:./application-prod.properties",
                "file:application.properties"), null)).doesNotThrowAnyException();
    }

    @Test
    void should_let_no_profile_and_a_profile_without_a_file_start() {
        assertThatCode(() -> ProfileCheck.check(context(null, "file:application.properties"), null))
                .doesNotThrowAnyException();
        assertThatCode(() -> ProfileCheck.check(context("dev", "file:application.properties"), null))
                .doesNotThrowAnyException();
    }

    private static CamelContext context(String profile, String... locations) {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setProfile(profile);
        context.getPropertiesComponent().setLocation(String.join(",", locations));
        return context;
    }
}
