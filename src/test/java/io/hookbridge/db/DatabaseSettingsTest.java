package io.hookbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void should_hide_the_whole_password_of_a_url_up_to_the_next_parameter() {
        DatabaseSettings postgres = new DatabaseSettings("hookbridge.db",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=Top;Secret123&sslmode=require", "", "");
        assertThat(postgres.safeUrl()).doesNotContain("Top").doesNotContain("Secret123")
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=***&sslmode=require");
        DatabaseSettings h2 = new DatabaseSettings("hookbridge.sql", "jdbc:h2:file:./x;PASSWORD=abc;MODE=PostgreSQL", "", "");
        assertThat(h2.safeUrl()).doesNotContain("abc");
    }
}
