package io.hookbridge.sink;

import io.hookbridge.sink.http.HttpPostSink;
import io.hookbridge.sink.mail.EmailAlertSink;
import io.hookbridge.sink.sheets.SheetsPreview;
import io.hookbridge.sink.sql.SqlInsertSink;

/**
 * The sinks' code the flow previews use: the beans the flows run with. {@code mail} is null when
 * the email templates cannot be read, {@code mailProblem} then says why.
 */
public record Sinks(SqlInsertSink sql, SheetsPreview sheets, EmailAlertSink mail, String mailProblem,
        HttpPostSink http) {
}
