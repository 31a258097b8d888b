package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;
import io.hookbridge.mapping.MappingException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    private final FailureClassifier classifier =
            new FailureClassifier(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://127.0.0.1/hook", status, "status " + status, null, headers, "");
    }

    @Test
    void should_retry_what_a_sink_says_will_pass_whole_and_after_the_wait_it_asks_for() {
        FailureClassifier.Failure failure = classifier.classify(new RuntimeException("wrapped",
                new RetryLaterException("spreadsheet s-1 is not shared with the bridge yet", Duration.ofSeconds(30))));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.oneEvent()).isFalse();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failure.description()).contains("spreadsheet s-1 is not shared with the bridge yet");
    }

    @ParameterizedTest
    @CsvSource({"408,true", "429,true", "500,true", "502,true", "503,true", "400,false", "401,false", "403,false",
            "404,false", "410,false", "422,false"})
    void should_retry_408_429_and_5xx_but_no_other_4xx(int status, boolean retryable) {
        assertThat(classifier.classify(new RuntimeException("wrapped", http(status, Map.of()))).retryable())
                .isEqualTo(retryable);
    }

    @Test
    void should_read_retry_after_in_seconds_and_as_a_date_on_429_and_503() {
        assertThat(classifier.classify(http(429, Map.of("Retry-After", "120"))).retryAfter())
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(classifier.classify(http(503, Map.of("retry-after", "Sun, 22 Nov 2026 10:05:00 GMT"))).retryAfter())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(classifier.classify(http(500, Map.of("Retry-After", "120"))).retryAfter()).isNull();
        assertThat(classifier.classify(http(429, Map.of("Retry-After", "soon"))).retryAfter()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"08001,true", "08006,true", "40001,true", "57P01,true", "53300,true", "42S02,false", "42P01,false",
            "22001,false", "23505,false", "23000,false"})
    void should_retry_connection_and_transient_sql_states_only(String state, boolean retryable) {
        SQLException sql = new SQLException("reason", state);
        assertThat(classifier.classify(new RuntimeException("spring wrapper", sql)).retryable()).isEqualTo(retryable);
    }

    @Test
    void should_retry_network_failures_and_pool_timeouts() {
        assertThat(classifier.classify(new ConnectException("Connection refused")).retryable()).isTrue();
        assertThat(classifier.classify(new SocketTimeoutException("Read timed out")).retryable()).isTrue();
        assertThat(classifier.classify(new SQLTransientConnectionException("pool timeout")).retryable()).isTrue();
    }

    @Test
    void should_not_retry_configuration_mistakes() {
        assertThat(classifier.classify(new UnknownFlowException("no flow route 'x'")).retryable()).isFalse();
        assertThat(classifier.classify(new MappingException("not a number")).retryable()).isFalse();
        assertThat(classifier.classify(new UnknownFlowException("no flow route 'x'")).description())
                .isEqualTo("configuration: UnknownFlowException: no flow route 'x'");
    }

    @Test
    void should_describe_a_database_failure_by_its_sql_state_and_first_line_without_values() {
        Exception failure = new RuntimeException("PreparedStatementCallback; bad SQL grammar []",
                new SQLException("Value too long for column \"EMAIL\": \"'jeanne@example.fr' (30)\";\n"
                        + "SQL statement:\nINSERT ...", "22001"));

        assertThat(classifier.classify(failure).description())
                // the line ends at the first quoted text that is not a known name: what follows may be a value
                .isEqualTo("SQLException: SQLState 22001, vendor code 0: Value too long for column \"?\"");
    }

    @Test
    void should_describe_any_other_failure_by_its_innermost_cause_on_one_line() {
        Exception failure = new RuntimeException("wrapped", new IllegalStateException("first line\nsecond line"));

        assertThat(classifier.classify(failure).description()).isEqualTo("IllegalStateException: first line second line");
    }

    @ParameterizedTest
    @CsvSource({"429,true", "500,true", "503,true", "400,false", "401,false", "403,false", "404,false"})
    void should_classify_google_api_answers_like_http_ones(int status, boolean retryable) {
        HttpResponseException google = new HttpResponseException.Builder(status, "status " + status,
                new HttpHeaders().setRetryAfter("7")).build();

        FailureClassifier.Failure failure = classifier.classify(new RuntimeException("camel wrapper", google));

        assertThat(failure.retryable()).isEqualTo(retryable);
        assertThat(failure.retryAfter()).isEqualTo(status == 429 || status == 503 ? Duration.ofSeconds(7) : null);
    }

    @Test
    void should_blame_one_event_only_for_failures_its_data_can_cause() {
        assertThat(classifier.classify(http(400, Map.of())).oneEvent()).isTrue();
        assertThat(classifier.classify(http(422, Map.of())).oneEvent()).isTrue();
        assertThat(classifier.classify(new SQLException("value too long", "22001")).oneEvent()).isTrue();
        assertThat(classifier.classify(new SQLException("duplicate", "23505")).oneEvent()).isTrue();
        assertThat(classifier.classify(new MappingException("'x' is not a number")).oneEvent()).isTrue();

        assertThat(classifier.classify(http(403, Map.of())).oneEvent()).isFalse();
        assertThat(classifier.classify(http(404, Map.of())).oneEvent()).isFalse();
        assertThat(classifier.classify(new SQLException("table not found", "42S02")).oneEvent()).isFalse();
        assertThat(classifier.classify(new AuthenticationFailedException("535")).oneEvent()).isFalse();
        assertThat(classifier.classify(new UnknownFlowException("no flow route 'x'")).oneEvent()).isFalse();
    }

    @Test
    void should_retry_smtp_4xx_but_not_5xx_or_a_refused_login() throws Exception {
        InternetAddress to = new InternetAddress("owner@example.com");
        SendFailedException unknownRecipient = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(to, "RCPT TO:<owner@example.com>", 550, "550 5.1.1 no such user"));
        SendFailedException mailboxBusy = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(to, "RCPT TO:<owner@example.com>", 451, "451 4.3.0 try later"));

        assertThat(classifier.classify(new RuntimeException(unknownRecipient)).retryable()).isFalse();
        assertThat(classifier.classify(new RuntimeException(mailboxBusy)).retryable()).isTrue();
        assertThat(classifier.classify(new AuthenticationFailedException("535 5.7.8 credentials invalid")).retryable())
                .isFalse();
        assertThat(classifier.classify(new MessagingException("Could not connect to SMTP host",
                new ConnectException("Connection refused"))).retryable()).isTrue();
    }
}
