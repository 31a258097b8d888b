package io.hookbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.hookbridge.testing.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;

/**
 * The pools keep bound values out of the drivers' exception messages whatever the address says:
 * an address that turns the option on gets connections with it off.
 */
class DataSourcesTest {

    @Test
    void should_turn_off_postgresql_server_error_detail_even_when_the_address_turns_it_on() throws Exception {
        try (TestDatabase db = TestDatabase.postgres();
                HikariDataSource pool = DataSources.pool("test", settings(db, db.url() + "&logServerErrorDetail=true"), 1, 5_000);
                Connection connection = pool.getConnection()) {
            assertThat(connection.unwrap(BaseConnection.class).getLogServerErrorDetail()).isFalse();
        }
    }

    @Test
    void should_turn_off_mariadb_queries_in_exceptions_even_when_the_address_turns_it_on() throws Exception {
        try (TestDatabase db = TestDatabase.mariadb();
                HikariDataSource pool = DataSources.pool("test", settings(db, db.url() + (db.url().contains("?") ? "&" : "?") + "dumpQueriesOnException=true"), 1,
                        5_000);
                Connection connection = pool.getConnection()) {
            assertThat(connection.unwrap(org.mariadb.jdbc.Connection.class).getContext().getConf().dumpQueriesOnException())
                    .isFalse();
        }
    }

    @Test
    void should_keep_the_other_parameters_of_the_address() {
        assertThat(DataSources.withSafeOptions("jdbc:postgresql://db:5432/hb?currentSchema=x&LOGSERVERERRORDETAIL=true&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/hb?currentSchema=x&ssl=true&logServerErrorDetail=false");
        assertThat(DataSources.withSafeOptions("jdbc:mariadb://db/hb"))
                .isEqualTo("jdbc:mariadb://db/hb?dumpQueriesOnException=false");
        assertThat(DataSources.withSafeOptions("jdbc:sqlite:/var/lib/hookbridge/journal.db"))
                .isEqualTo("jdbc:sqlite:/var/lib/hookbridge/journal.db");
    }

    private static DatabaseSettings settings(TestDatabase db, String url) {
        return new DatabaseSettings("hookbridge.db", url, db.username(), db.password());
    }
}
