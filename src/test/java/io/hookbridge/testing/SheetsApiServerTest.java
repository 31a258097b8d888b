package io.hookbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.AppendValuesResponse;
import com.google.api.services.sheets.v4.model.BatchGetValuesResponse;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.CellFormat;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.GridCoordinate;
import com.google.api.services.sheets.v4.model.GridData;
import com.google.api.services.sheets.v4.model.NumberFormat;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.RowData;
import com.google.api.services.sheets.v4.model.Sheet;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.UpdateCellsRequest;
import com.google.api.services.sheets.v4.model.ValueRange;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import io.hookbridge.testing.SheetsApiServer.Access;
import io.hookbridge.testing.SheetsApiServer.Call;
import io.hookbridge.testing.SheetsApiServer.TokenRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@link SheetsApiServer} with the real Google Sheets client, as the product does. */
class SheetsApiServerTest {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path keyFolder;

    private SheetsApiServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startServer() {
        server = SheetsApiServer.start();
        server.addTab("sheet-1", "Sales");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void should_append_rows_after_existing_ones() throws IOException {
        Sheets sheets = sheets(serviceAccount());

        AppendValuesResponse first = append(sheets, "Sales!A:C", List.of(
                List.of("=HYPERLINK(\"x\")", 5.83, "Zoë"),
                List.of("second", 7, true)));
        AppendValuesResponse second = append(sheets, "Sales!A:C", List.of(List.of("third", -0.5, "日本語 ✓")));

        assertThat(server.rows("sheet-1", "Sales")).containsExactly(
                List.of("=HYPERLINK(\"x\")", new BigDecimal("5.83"), "Zoë"),
                List.of("second", new BigDecimal("7"), true),
                List.of("third", new BigDecimal("-0.5"), "日本語 ✓"));
        assertThat(first.getTableRange()).isNull();
        assertThat(first.getUpdates().getUpdatedRange()).isEqualTo("Sales!A1:C2");
        assertThat(first.getUpdates().getUpdatedRows()).isEqualTo(2);
        assertThat(first.getUpdates().getUpdatedCells()).isEqualTo(6);
        assertThat(second.getTableRange()).isEqualTo("Sales!A1:C2");
        assertThat(second.getUpdates().getUpdatedRange()).isEqualTo("Sales!A3:C3");
        assertThat(second.getUpdates().getSpreadsheetId()).isEqualTo("sheet-1");

        assertThat(server.tokenRequests()).extracting(TokenRequest::grantType, TokenRequest::status)
                .containsExactly(tuple(JWT_BEARER, 200));
        List<Call> calls = server.writeCalls();
        assertThat(calls).extracting(Call::status).containsExactly(200, 200);
        assertThat(calls).extracting(Call::appendedRows).containsExactly(2, 1);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.spreadsheetId()).isEqualTo("sheet-1");
            assertThat(call.range()).isEqualTo("Sales!A:C");
            assertThat(call.query()).containsEntry("valueInputOption", "RAW")
                    .containsEntry("insertDataOption", "INSERT_ROWS")
                    .doesNotContainKey("access_token");
            assertThat(call.headers().get("authorization")).singleElement().asString().startsWith("Bearer ya29.");
            assertThat(call.gzip()).isTrue();
            assertThat(call.chunked()).isTrue();
        });
    }

    @Test
    void should_grant_a_token_for_an_accepted_refresh_token() throws IOException {
        server.acceptRefreshToken("client-1", "secret-1", "refresh-1");
        UserCredentials wrongSecret = user("client-1", "secret-2", "refresh-1");
        assertThatThrownBy(wrongSecret::refresh).isInstanceOf(IOException.class).hasMessageContaining("invalid_grant");

        server.addTab("sheet-1", "Leads");
        append(sheets(user("client-1", "secret-1", "refresh-1")), "Leads", List.of(List.of("ada@example.com")));

        assertThat(server.rows("sheet-1", "Leads")).containsExactly(List.of("ada@example.com"));
        assertThat(server.tokenRequests()).extracting(TokenRequest::grantType, TokenRequest::status).containsExactly(
                tuple("refresh_token", 400),
                tuple("refresh_token", 200));
    }

    @Test
    void should_refuse_an_assertion_signed_with_a_key_it_did_not_write() throws IOException {
        server.writeServiceAccountKey(keyFolder);
        Path foreignKey;
        try (SheetsApiServer other = SheetsApiServer.start()) {
            foreignKey = other.writeServiceAccountKey(keyFolder.resolve("other"));
            Files.writeString(foreignKey, Files.readString(foreignKey).replace(other.tokenUri(), server.tokenUri()));
        }
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(foreignKey)) {
            credentials = ServiceAccountCredentials.fromStream(in).createScoped(SheetsScopes.SPREADSHEETS);
        }

        assertThatThrownBy(credentials::refresh).isInstanceOf(IOException.class)
                .hasMessageContaining("invalid_grant").hasMessageContaining("Invalid JWT Signature.");
        assertThat(server.tokenRequests()).extracting(TokenRequest::grantType, TokenRequest::status)
                .containsExactly(tuple(JWT_BEARER, 400));
    }

    @Test
    void should_refuse_an_absent_or_unknown_bearer_token() throws Exception {
        HttpResponse<String> absent = postAppend(null, "{\"values\":[[\"x\"]]}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> forged = postAppend("Bearer ya29.forged",
                "{\"values\":[[\"x\"]]}".getBytes(StandardCharsets.UTF_8));

        assertThat(absent.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body()).at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(JSON.readTree(absent.body()).at("/error/code").asInt()).isEqualTo(401);
        assertThat(server.rows("sheet-1", "Sales")).isEmpty();
        assertThat(server.writeCalls()).extracting(Call::status).containsExactly(401, 401);
    }

    @Test
    void should_fail_the_next_append_as_told_and_then_accept_again() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        server.failNext(1, 429, Map.of("Retry-After", "2"));

        assertThatThrownBy(() -> append(sheets, "Sales!A:C", List.of(List.of("a"))))
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getHeaders().getFirstHeaderStringValue("Retry-After")).isEqualTo("2");
                    assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("rateLimitExceeded");
                    assertThat(e.getDetails().get("status")).isEqualTo("RESOURCE_EXHAUSTED");
                });
        assertThat(server.rows("sheet-1", "Sales")).isEmpty();

        append(sheets, "Sales!A:C", List.of(List.of("b")));

        assertThat(server.rows("sheet-1", "Sales")).containsExactly(List.of("b"));
        assertThat(server.writeCalls()).extracting(Call::status).containsExactly(429, 200);
    }

    @Test
    void should_refuse_appends_beyond_the_writes_per_minute() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        server.writesPerMinute(3);
        for (int i = 1; i <= 3; i++) {
            append(sheets, "Sales", List.of(List.of("row " + i)));
        }

        assertThatThrownBy(() -> append(sheets, "Sales", List.of(List.of("row 4"))))
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getDetails().get("status")).isEqualTo("RESOURCE_EXHAUSTED");
                    assertThat(e.getDetails().getMessage()).contains("Write requests per minute per user");
                });
        assertThat(server.rows("sheet-1", "Sales"))
                .containsExactly(List.of("row 1"), List.of("row 2"), List.of("row 3"));
        assertThat(server.maxWritesInAnyMinute()).isEqualTo(4);
        assertThat(server.writeCalls()).extracting(Call::status).containsExactly(200, 200, 200, 429);
    }

    @Test
    void should_answer_503_while_down() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        server.down(true);

        assertThatThrownBy(() -> append(sheets, "Sales", List.of(List.of("lost"))))
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(e.getDetails().get("status")).isEqualTo("UNAVAILABLE");
                });
        server.down(false);
        append(sheets, "Sales", List.of(List.of("kept")));

        assertThat(server.rows("sheet-1", "Sales")).containsExactly(List.of("kept"));
        assertThat(server.writeCalls()).extracting(Call::status).containsExactly(503, 200);
    }

    @Test
    void should_read_a_chunked_gzipped_body() throws Exception {
        String token = serviceAccount().refreshAccessToken().getTokenValue();
        byte[] body = gzip("{\"range\":\"'My tab'!A1\",\"majorDimension\":\"ROWS\","
                + "\"values\":[[\"é\",1.50],[null,false]]}");

        server.addTab("sheet-2", "My tab");
        HttpResponse<String> response = postAppend("sheet-2", "%27My%20tab%27%21A1", "Bearer " + token, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode updates = JSON.readTree(response.body()).get("updates");
        assertThat(updates.get("updatedRange").asText()).isEqualTo("'My tab'!A1:B2");
        assertThat(updates.get("updatedRows").asInt()).isEqualTo(2);
        assertThat(server.rows("sheet-2", "My tab")).containsExactly(
                List.of("é", new BigDecimal("1.5")),
                Arrays.asList(null, false));
        Call call = server.writeCalls().get(0);
        assertThat(call.range()).isEqualTo("'My tab'!A1");
        assertThat(call.chunked()).isTrue();
        assertThat(call.gzip()).isTrue();
    }

    @Test
    void should_report_stats_and_rows_for_the_benchmark() throws Exception {
        Sheets sheets = sheets(serviceAccount());
        append(sheets, "Sales!A:B", List.of(List.of("a", 1), List.of("b", 2)));
        server.failNext(1, 503, Map.of());
        assertThatThrownBy(() -> append(sheets, "Sales!A:B", List.of(List.of("c", 3))))
                .isInstanceOf(GoogleJsonResponseException.class);

        JsonNode stats = JSON.readTree(get("_stats"));
        JsonNode rows = JSON.readTree(get("_rows?spreadsheetId=sheet-1&tab=Sales"));

        assertThat(stats.get("writeCalls").asInt()).isEqualTo(2);
        assertThat(stats.get("writeCallsByStatus").toString()).isEqualTo("{\"200\":1,\"503\":1}");
        assertThat(stats.get("readCalls").asInt()).isZero();
        assertThat(stats.get("appendedRows").asInt()).isEqualTo(2);
        assertThat(stats.get("updatedRows").asInt()).isZero();
        assertThat(stats.get("rows").asInt()).isEqualTo(2);
        assertThat(stats.get("maxWritesInAnyMinute").asInt()).isEqualTo(2);
        assertThat(stats.get("maxConcurrentWrites").asInt()).isEqualTo(1);
        assertThat(stats.get("firstWriteAt").asText()).isEqualTo(server.writeCalls().get(0).at().toString());
        assertThat(stats.get("lastWriteAt").asText()).isEqualTo(server.writeCalls().get(1).at().toString());
        assertThat(stats.get("tabs").toString()).isEqualTo("{\"sheet-1/Sales\":2}");
        assertThat(rows.toString()).isEqualTo("[[\"a\",1],[\"b\",2]]");
    }

    @Test
    void should_add_a_tab_with_its_header_and_rows_in_one_batch_update_and_answer_with_a_column() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        assertThat(sheets.spreadsheets().get("sheet-1").execute().getSheets()).extracting(sheet ->
                sheet.getProperties().getTitle()).containsExactly("Sheet1", "Sales");

        BatchUpdateSpreadsheetResponse response = sheets.spreadsheets().batchUpdate("sheet-1",
                new BatchUpdateSpreadsheetRequest().setRequests(List.of(
                        new Request().setAddSheet(new AddSheetRequest().setProperties(
                                new SheetProperties().setSheetId(77).setTitle("Contacts"))),
                        new Request().setUpdateCells(new UpdateCellsRequest().setFields("userEnteredValue")
                                .setStart(new GridCoordinate().setSheetId(77).setRowIndex(0).setColumnIndex(0))
                                .setRows(List.of(row(text("id"), text("email"), text("since"))))),
                        new Request().setAppendCells(new AppendCellsRequest().setSheetId(77)
                                .setFields("userEnteredValue,userEnteredFormat.numberFormat")
                                .setRows(List.of(row(number(7), text("a@example.com"), date(44449.5996875)),
                                        row(number(8), new CellData(), text("=1+1")))))))
                        .setIncludeSpreadsheetInResponse(true).setResponseIncludeGridData(true)
                        .setResponseRanges(List.of("Contacts!A:A")))
                .execute();

        assertThat(server.tabs("sheet-1")).containsExactly("Sheet1", "Sales", "Contacts");
        assertThat(server.rows("sheet-1", "Contacts")).containsExactly(
                List.of("id", "email", "since"),
                List.of(new BigDecimal("7"), "a@example.com", new BigDecimal("44449.5996875")),
                Arrays.asList(new BigDecimal("8"), null, "=1+1"));
        assertThat(server.displayed("sheet-1", "Contacts").get(1)).containsExactly("7", "a@example.com",
                "2021-09-10 14:23:33");
        Sheet contacts = response.getUpdatedSpreadsheet().getSheets().get(0);
        assertThat(contacts.getProperties().getSheetId()).isEqualTo(77);
        GridData column = contacts.getData().get(0);
        assertThat(column.getRowData()).extracting(row -> row.getValues().get(0).getEffectiveValue().toString())
                .containsExactly("{\"stringValue\":\"id\"}", "{\"numberValue\":7.0}", "{\"numberValue\":8.0}");
        Call call = server.writeCalls().get(0);
        assertThat(call.method()).isEqualTo("spreadsheets.batchUpdate");
        assertThat(call.requests()).containsExactly("addSheet", "updateCells", "appendCells");
        assertThat(call.appendedRows()).isEqualTo(3);
        assertThat(call.updatedRows()).isZero();
    }

    @Test
    void should_apply_no_request_of_a_batch_update_when_one_is_refused() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        int salesId = sheets.spreadsheets().get("sheet-1").execute().getSheets().get(1).getProperties().getSheetId();

        assertThatThrownBy(() -> sheets.spreadsheets().batchUpdate("sheet-1", new BatchUpdateSpreadsheetRequest()
                .setRequests(List.of(
                        new Request().setAppendCells(new AppendCellsRequest().setSheetId(salesId)
                                .setFields("userEnteredValue").setRows(List.of(row(text("kept out"))))),
                        new Request().setAddSheet(new AddSheetRequest().setProperties(
                                new SheetProperties().setTitle("Sales")))))).execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getDetails().getMessage()).isEqualTo("Invalid requests[1].addSheet: A sheet with"
                            + " the name \"Sales\" already exists. Please enter another name.");
                });
        assertThatThrownBy(() -> sheets.spreadsheets().batchUpdate("sheet-1", new BatchUpdateSpreadsheetRequest()
                .setRequests(List.of(new Request().setUpdateCells(new UpdateCellsRequest().setFields("userEnteredValue")
                        .setStart(new GridCoordinate().setSheetId(salesId).setRowIndex(0).setColumnIndex(26))
                        .setRows(List.of(row(text("too far")))))))).execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> assertThat(e.getDetails().getMessage())
                        .contains("exceeds grid limits. Max rows: 1000, max columns: 26"));

        assertThat(server.rows("sheet-1", "Sales")).isEmpty();
        assertThat(server.tabs("sheet-1")).containsExactly("Sheet1", "Sales");
    }

    @Test
    void should_read_ranges_as_values_or_as_shown() throws IOException {
        server.addTab("sheet-1", "People", List.of("name", "id", "", "note"), List.of("Ada", 1), List.of("Bob", 2.5, true));
        Sheets sheets = sheets(serviceAccount());

        BatchGetValuesResponse values = sheets.spreadsheets().values().batchGet("sheet-1")
                .setRanges(List.of("People!1:1", "'People'!B2:B", "Sales!A:A"))
                .setValueRenderOption("UNFORMATTED_VALUE").execute();
        ValueRange shown = sheets.spreadsheets().values().get("sheet-1", "People!A2:C").execute();

        assertThat(values.getValueRanges().get(0).getValues()).containsExactly(List.of("name", "id", "", "note"));
        assertThat(values.getValueRanges().get(1).getValues()).containsExactly(List.of(new BigDecimal("1")),
                List.of(new BigDecimal("2.5")));
        assertThat(values.getValueRanges().get(2).getValues()).isNull();
        assertThat(shown.getValues()).containsExactly(List.of("Ada", "1"), List.of("Bob", "2.5", "TRUE"));
        assertThat(server.calls()).extracting(Call::method, Call::write)
                .containsExactly(tuple("values.batchGet", false), tuple("values.get", false));
        assertThat(server.calls().get(0).ranges()).containsExactly("People!1:1", "'People'!B2:B", "Sales!A:A");
    }

    @Test
    void should_answer_403_and_404_as_the_sharing_of_the_spreadsheet_says() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        server.access("viewed", Access.READ);
        server.access("private", Access.NONE);
        server.access("gone", Access.MISSING);

        assertThat(sheets.spreadsheets().get("viewed").execute().getSheets()).hasSize(1);
        assertThatThrownBy(() -> sheets.spreadsheets().batchUpdate("viewed", new BatchUpdateSpreadsheetRequest()
                .setRequests(List.of(new Request().setAddSheet(new AddSheetRequest())))).execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getDetails().get("status")).isEqualTo("PERMISSION_DENIED");
                });
        assertThatThrownBy(() -> sheets.spreadsheets().get("private").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> sheets.spreadsheets().get("gone").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));

        server.access("viewed", Access.WRITE);
        sheets.spreadsheets().batchUpdate("viewed", new BatchUpdateSpreadsheetRequest()
                .setRequests(List.of(new Request().setAddSheet(new AddSheetRequest())))).execute();
        assertThat(server.tabs("viewed")).containsExactly("Sheet1", "Sheet2");
    }

    @Test
    void should_refuse_reads_beyond_the_reads_per_minute_apart_from_writes() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        server.readsPerMinute(2);
        sheets.spreadsheets().get("sheet-1").execute();
        sheets.spreadsheets().values().get("sheet-1", "Sales").execute();

        assertThatThrownBy(() -> sheets.spreadsheets().get("sheet-1").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getDetails().getMessage()).contains("Read requests per minute per user");
                });
        append(sheets, "Sales", List.of(List.of("a write still goes")));
        assertThat(server.maxReadsInAnyMinute()).isEqualTo(3);
        assertThat(server.maxWritesInAnyMinute()).isEqualTo(1);
    }

    @Test
    void should_apply_a_write_whose_answer_it_loses() throws IOException {
        Sheets sheets = sheets(serviceAccount());
        server.loseNextAnswers(1);

        assertThatThrownBy(() -> append(sheets, "Sales", List.of(List.of("in the sheet all the same"))))
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));

        assertThat(server.rows("sheet-1", "Sales")).containsExactly(List.of("in the sheet all the same"));
        assertThat(server.writeCalls()).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(503);
            assertThat(call.appendedRows()).isEqualTo(1);
        });
    }

    private static RowData row(CellData... cells) {
        return new RowData().setValues(List.of(cells));
    }

    private static CellData text(String text) {
        return new CellData().setUserEnteredValue(new ExtendedValue().setStringValue(text));
    }

    private static CellData number(double number) {
        return new CellData().setUserEnteredValue(new ExtendedValue().setNumberValue(number));
    }

    private static CellData date(double serial) {
        return new CellData().setUserEnteredValue(new ExtendedValue().setNumberValue(serial))
                .setUserEnteredFormat(new CellFormat().setNumberFormat(
                        new NumberFormat().setType("DATE_TIME").setPattern("yyyy-mm-dd hh:mm:ss")));
    }

    private ServiceAccountCredentials serviceAccount() throws IOException {
        Path keyFile = server.writeServiceAccountKey(keyFolder);
        try (InputStream in = Files.newInputStream(keyFile)) {
            return (ServiceAccountCredentials) ServiceAccountCredentials.fromStream(in)
                    .createScoped(SheetsScopes.SPREADSHEETS);
        }
    }

    private UserCredentials user(String clientId, String clientSecret, String refreshToken) {
        return UserCredentials.newBuilder().setClientId(clientId).setClientSecret(clientSecret)
                .setRefreshToken(refreshToken).setTokenServerUri(URI.create(server.tokenUri())).build();
    }

    private Sheets sheets(GoogleCredentials credentials) {
        return new Sheets.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                new HttpCredentialsAdapter(credentials))
                .setRootUrl(server.rootUrl()).setApplicationName("hookbridge-test").build();
    }

    private static AppendValuesResponse append(Sheets sheets, String range, List<List<Object>> rows)
            throws IOException {
        return sheets.spreadsheets().values().append("sheet-1", range, new ValueRange().setValues(rows))
                .setValueInputOption("RAW").setInsertDataOption("INSERT_ROWS").execute();
    }

    private HttpResponse<String> postAppend(String authorization, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(server.rootUrl() + "v4/spreadsheets/sheet-1/values/Sales%21A%3AC:append?valueInputOption=RAW"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a gzipped body of unknown length, which java.net.http sends chunked. */
    private HttpResponse<String> postAppend(String spreadsheetId, String encodedRange, String authorization,
            byte[] gzippedBody) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.rootUrl() + "v4/spreadsheets/" + spreadsheetId
                        + "/values/" + encodedRange + ":append?valueInputOption=RAW&insertDataOption=INSERT_ROWS"))
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Content-Encoding", "gzip")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(gzippedBody)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.rootUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
