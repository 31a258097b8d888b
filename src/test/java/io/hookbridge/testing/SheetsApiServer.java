package io.hookbridge.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for the Google Sheets v4 API and Google's OAuth2 token endpoint, close enough to them that the
 * real Google Java client ({@code Sheets} with google-auth-library credentials) reads and writes spreadsheets on
 * it. The product's tests and the benchmark use it to prove that tabs are set up, rows land under the right
 * headers exactly once, and calls stay within Google's per-user quotas.
 *
 * <p>It keeps spreadsheets of tabs of cells. A spreadsheet exists as soon as a request names it, with one empty tab
 * "Sheet1" as a new Google spreadsheet has, and may be written by the principal of any valid token, unless
 * {@link #access} says otherwise. Tabs must exist to be read or written, as with Google ({@link #addTab} makes
 * one). It serves, on 127.0.0.1:
 * <ul>
 * <li>{@code POST /token}: the OAuth2 token endpoint, for JWT-bearer grants signed with a key written by
 * {@link #writeServiceAccountKey} and for refresh-token grants allowed by {@link #acceptRefreshToken};</li>
 * <li>{@code GET /v4/spreadsheets/{id}}: spreadsheets.get, the tabs' properties (sheetId, title, index, grid
 * size);</li>
 * <li>{@code POST /v4/spreadsheets/{id}:batchUpdate}: spreadsheets.batchUpdate with addSheet, updateCells,
 * appendCells, appendDimension and updateSheetProperties requests, applied all or none, answered with the
 * spreadsheet after the update when asked (includeSpreadsheetInResponse, responseRanges,
 * responseIncludeGridData);</li>
 * <li>{@code GET /v4/spreadsheets/{id}/values:batchGet} and {@code /values/{range}}: values.batchGet and
 * values.get, rows major, formatted or unformatted;</li>
 * <li>{@code POST /v4/spreadsheets/{id}/values/{range}:append}: values.append after the tab's last row with
 * data;</li>
 * <li>{@code GET /_stats[?since=<instant>]} and {@code GET /_rows?spreadsheetId=..&tab=..}: what the benchmark
 * reads, without auth (the call figures of calls since that time).</li>
 * </ul>
 * Every call needs a bearer token issued by the token endpoint. Writes (batchUpdate, append) count against
 * {@link #writesPerMinute} per principal, reads against {@link #readsPerMinute}, as Google's "per minute per user"
 * quotas do; beyond them a call gets 429. {@link #down}, {@link #failNext} and {@link #loseNextAnswers} plan
 * outages. Requests are handled concurrently; every API call and token request is recorded.
 */
public final class SheetsApiServer implements AutoCloseable {

    /** The scope a JWT-bearer grant must ask for. */
    public static final String SPREADSHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";
    /** The aud claim Google's service-account credentials put in every assertion, whatever their token_uri. */
    public static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
    /** The client_email of the service-account keys this server writes. */
    public static final String SERVICE_ACCOUNT_EMAIL = "hookbridge-test@test-project.iam.gserviceaccount.com";

    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3599);
    private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** Google refuses a request in which one cell holds more text than this. */
    private static final int MAX_CELL_CHARACTERS = 50_000;
    private static final int DEFAULT_ROWS = 1000;
    private static final int DEFAULT_COLUMNS = 26;
    private static final String API_PREFIX = "/v4/spreadsheets/";
    private static final Pattern PLAIN_TAB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern A1_PART = Pattern.compile("([A-Za-z]{0,3})(\\d*)");
    private static final Set<String> VALUE_INPUT_OPTIONS = Set.of("RAW", "USER_ENTERED");
    private static final LocalDate SERIAL_ZERO = LocalDate.of(1899, 12, 30);
    private static final String WRITE_QUOTA_MESSAGE = "Quota exceeded for quota metric 'Write requests' and limit "
            + "'Write requests per minute per user' of service 'sheets.googleapis.com' for consumer "
            + "'project_number:000000000000'.";
    private static final String READ_QUOTA_MESSAGE = "Quota exceeded for quota metric 'Read requests' and limit "
            + "'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer "
            + "'project_number:000000000000'.";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who may do what with a spreadsheet, as its sharing says. */
    public enum Access {
        /** Shared as Editor (the default): reads and writes. */
        WRITE,
        /** Shared as Viewer: reads; writes get 403. */
        READ,
        /** Not shared with the caller: everything gets 403. */
        NONE,
        /** No spreadsheet with this id: everything gets 404. */
        MISSING
    }

    /**
     * One API call as received, and how it was answered.
     *
     * @param at when it arrived
     * @param method {@code spreadsheets.get}, {@code spreadsheets.batchUpdate}, {@code values.batchGet},
     *        {@code values.get} or {@code values.append}
     * @param write whether it counts as a write request (batchUpdate, append)
     * @param spreadsheetId the decoded spreadsheet id path segment
     * @param ranges the A1 ranges it named (the path's range, batchGet's ranges), decoded
     * @param query the decoded query parameters (an {@code access_token} sent in the URL shows here)
     * @param headers the request headers, looked up without regard to case
     * @param gzip whether the body came with {@code Content-Encoding: gzip}
     * @param chunked whether the body came with {@code Transfer-Encoding: chunked}
     * @param status the status it was answered with
     * @param appendedRows rows it added after the last row with data (appendCells, values.append)
     * @param updatedRows rows it wrote cells of in place (updateCells), each counted once
     * @param requests for a batchUpdate, the kinds of its requests in order (addSheet, updateCells, ...)
     * @param tabs for a write, the titles of the tabs it writes to (or would have)
     */
    public record Call(Instant at, String method, boolean write, String spreadsheetId, List<String> ranges,
            Map<String, String> query, Map<String, List<String>> headers, boolean gzip, boolean chunked, int status,
            int appendedRows, int updatedRows, List<String> requests, Set<String> tabs) {

        /** The first range it named, or "" (values.append's and values.get's path range). */
        public String range() {
            return ranges.isEmpty() ? "" : ranges.get(0);
        }
    }

    /** One token request as received: its grant_type form field and the status it was answered with. */
    public record TokenRequest(Instant at, String grantType, int status) {
    }

    /**
     * One cell: its value (String, {@link BigDecimal} for any number, Boolean, or null when empty) and its number
     * format type and pattern ({@code DATE_TIME}, {@code yyyy-mm-dd hh:mm:ss}), or nulls.
     */
    public record Cell(Object value, String formatType, String pattern) {
        static final Cell EMPTY = new Cell(null, null, null);

        /** The cell as the Sheets UI shows it: dates by their pattern, numbers plainly, TRUE/FALSE, "" when empty. */
        public String displayed() {
            if (value == null) {
                return "";
            }
            if (value instanceof BigDecimal number && pattern != null
                    && ("DATE".equals(formatType) || "DATE_TIME".equals(formatType))) {
                return formatDate(number, pattern);
            }
            if (value instanceof BigDecimal number) {
                return number.toPlainString();
            }
            if (value instanceof Boolean flag) {
                return flag ? "TRUE" : "FALSE";
            }
            return value.toString();
        }
    }

    private record ServiceAccount(String email, String keyId, PublicKey publicKey) {
    }

    private record RefreshGrant(String clientId, String clientSecret, String refreshToken) {
    }

    private record IssuedToken(String principal, Instant expiresAt) {
    }

    /** A rectangle of a tab, 0-based and inclusive; an open end is Integer.MAX_VALUE. */
    private record Area(String tab, int firstRow, int firstColumn, int lastRow, int lastColumn) {
    }

    /** What a request is answered with. */
    private record Answer(int status, Object body, Map<String, String> headers) {
        Answer(int status, Object body) {
            this(status, body, Map.of());
        }
    }

    /** A request the server refuses with a Google-style error. */
    private static final class Refusal extends Exception {
        private final Answer answer;

        Refusal(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    /** One tab: its properties and its cells, row by row (rows and cells past the last non-empty one may be absent). */
    private static final class Tab {
        final int sheetId;
        String title;
        int rowCount;
        int columnCount;
        final List<List<Cell>> rows = new ArrayList<>();

        Tab(int sheetId, String title, int rowCount, int columnCount) {
            this.sheetId = sheetId;
            this.title = title;
            this.rowCount = rowCount;
            this.columnCount = columnCount;
        }

        Tab copy() {
            Tab copy = new Tab(sheetId, title, rowCount, columnCount);
            rows.forEach(row -> copy.rows.add(new ArrayList<>(row)));
            return copy;
        }

        Cell cell(int row, int column) {
            if (row >= rows.size() || column >= rows.get(row).size()) {
                return Cell.EMPTY;
            }
            return rows.get(row).get(column);
        }

        void set(int row, int column, Cell cell) {
            while (rows.size() <= row) {
                rows.add(new ArrayList<>());
            }
            List<Cell> cells = rows.get(row);
            while (cells.size() <= column) {
                cells.add(Cell.EMPTY);
            }
            cells.set(column, cell);
        }

        /** How many rows there are up to the last one holding a value. */
        int height() {
            for (int row = rows.size() - 1; row >= 0; row--) {
                if (rows.get(row).stream().anyMatch(cell -> cell.value() != null)) {
                    return row + 1;
                }
            }
            return 0;
        }

        /** How many columns there are up to the last one holding a value in any row. */
        int width() {
            int width = 0;
            for (List<Cell> row : rows) {
                for (int column = row.size() - 1; column >= width; column--) {
                    if (row.get(column).value() != null) {
                        width = column + 1;
                        break;
                    }
                }
            }
            return width;
        }
    }

    /** One spreadsheet: its tabs in order. */
    private static final class Spreadsheet {
        final List<Tab> tabs = new ArrayList<>();
        int nextSheetId = 1;

        Spreadsheet copy() {
            Spreadsheet copy = new Spreadsheet();
            tabs.forEach(tab -> copy.tabs.add(tab.copy()));
            copy.nextSheetId = nextSheetId;
            return copy;
        }

        Tab tab(String title) {
            return tabs.stream().filter(tab -> tab.title.equals(title)).findFirst().orElse(null);
        }

        Tab tab(int sheetId) {
            return tabs.stream().filter(tab -> tab.sheetId == sheetId).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ServiceAccount> serviceAccounts = new CopyOnWriteArrayList<>();
    private final Set<RefreshGrant> refreshGrants = ConcurrentHashMap.newKeySet();
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Call> calls = new ConcurrentSkipListMap<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger concurrentWrites = new AtomicInteger();
    private final AtomicInteger maxConcurrentWrites = new AtomicInteger();
    private volatile boolean down;

    /** Guards the spreadsheets, the quota windows and the planned failures. */
    private final Object lock = new Object();
    private final Map<String, Spreadsheet> spreadsheets = new LinkedHashMap<>();
    private final Map<String, Access> access = new HashMap<>();
    private final Map<String, Deque<Instant>> acceptedWrites = new HashMap<>();
    private final Map<String, Deque<Instant>> acceptedReads = new HashMap<>();
    private int writesPerMinute = 60;
    private int readsPerMinute = 60;
    private final List<PlannedFailure> plannedFailures = new ArrayList<>();

    /** The next {@code left} writes (to {@code tab}, or any when null) fail with status, or are applied and lost. */
    private static final class PlannedFailure {
        final String tab;
        int left;
        final int status;
        final Map<String, String> headers;
        final boolean lost;

        PlannedFailure(String tab, int left, int status, Map<String, String> headers, boolean lost) {
            this.tab = tab;
            this.left = left;
            this.status = status;
            this.headers = headers;
            this.lost = lost;
        }
    }

    private SheetsApiServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "sheets-api-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on 127.0.0.1 on a free port. */
    public static SheetsApiServer start() {
        return start(0);
    }

    /** Starts a server on 127.0.0.1 on this port (0 for a free one). */
    public static SheetsApiServer start(int port) {
        try {
            return new SheetsApiServer(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root URL to give {@code Sheets.Builder#setRootUrl}, e.g. {@code http://127.0.0.1:41234/}. */
    /** The bridge's settings that write to this server's spreadsheet {@code spreadsheetId} with the key in {@code keyFile}. */
    public Map<String, String> bridgeSettings(String spreadsheetId, Path keyFile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hookbridge.sheets.spreadsheet-id", spreadsheetId);
        settings.put("hookbridge.sheets.service-account-key", keyFile.toString());
        settings.put("hookbridge.sheets.root-url", rootUrl());
        return settings;
    }

    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The OAuth2 token endpoint: {@code rootUrl() + "token"}. */
    public String tokenUri() {
        return rootUrl() + "token";
    }

    /**
     * Writes a Google service-account key JSON file into folder (a fresh 2048-bit RSA key as a PKCS#8 PEM
     * {@code private_key}, {@code private_key_id}, {@code client_email} {@value #SERVICE_ACCOUNT_EMAIL},
     * {@code client_id}, {@code project_id}, {@code type} "service_account" and {@code token_uri} =
     * {@link #tokenUri()}); from then on the token endpoint accepts JWT-bearer grants signed with that key. Their
     * aud claim may be {@link #tokenUri()} or {@value #GOOGLE_TOKEN_AUDIENCE}, which google-auth-library always
     * sends whatever the key's token_uri; their scope must contain {@value #SPREADSHEETS_SCOPE}.
     *
     * @return the path of the key file
     */
    public Path writeServiceAccountKey(Path folder) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            String keyId = HexFormat.of().formatHex(randomBytes(20));
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            // any line of the key's base64 body in a log would be a leak
            pem.lines().filter(line -> !line.startsWith("-----")).forEach(TestSecrets::register);
            Map<String, String> key = new LinkedHashMap<>();
            key.put("type", "service_account");
            key.put("project_id", "test-project");
            key.put("private_key_id", keyId);
            key.put("private_key", pem);
            key.put("client_email", SERVICE_ACCOUNT_EMAIL);
            key.put("client_id", String.valueOf(100_000_000_000_000_000L + RANDOM.nextInt(Integer.MAX_VALUE)));
            key.put("token_uri", tokenUri());
            Files.createDirectories(folder);
            Path file = folder.resolve("service-account-" + keyId.substring(0, 8) + ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), key);
            serviceAccounts.add(new ServiceAccount(SERVICE_ACCOUNT_EMAIL, keyId, pair.getPublic()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * From then on the token endpoint accepts {@code grant_type=refresh_token} requests carrying exactly these
     * client_id, client_secret and refresh_token form fields; the client id is the principal of the tokens issued.
     */
    public void acceptRefreshToken(String clientId, String clientSecret, String refreshToken) {
        refreshGrants.add(new RefreshGrant(clientId, clientSecret, refreshToken));
    }

    /**
     * The most write requests (batchUpdate, append) accepted in any rolling 60 s per access-token principal
     * (service-account email or client id); beyond it a write gets 429 RESOURCE_EXHAUSTED, like Google. Default 60.
     */
    public void writesPerMinute(int limit) {
        synchronized (lock) {
            writesPerMinute = limit;
        }
    }

    /** The same for read requests (get, values.get, values.batchGet). Default 60, as Google's. */
    public void readsPerMinute(int limit) {
        synchronized (lock) {
            readsPerMinute = limit;
        }
    }

    /**
     * The next {@code count} write requests get this status with a Google-style JSON error body and these extra
     * response headers (e.g. 429 with Retry-After: 2, or 503). Nothing is written for them.
     */
    public void failNext(int count, int status, Map<String, String> headers) {
        failNextWritesTo(null, count, status, headers);
    }

    /** Like {@link #failNext}, for the next write requests that write to this tab (by title) only. */
    public void failNextWritesTo(String tab, int count, int status, Map<String, String> headers) {
        synchronized (lock) {
            plannedFailures.add(new PlannedFailure(tab, count, status, Map.copyOf(headers == null ? Map.of() : headers),
                    false));
        }
    }

    /**
     * The next {@code count} write requests that would succeed are applied, but answered 503 as if the answer had
     * been lost on its way back (a proxy's timeout): the caller cannot know that its write is in the sheet.
     */
    public void loseNextAnswers(int count) {
        loseNextAnswersTo(null, count);
    }

    /** Like {@link #loseNextAnswers}, for write requests to this tab (by title) only. */
    public void loseNextAnswersTo(String tab, int count) {
        synchronized (lock) {
            plannedFailures.add(new PlannedFailure(tab, count, 503, Map.of(), true));
        }
    }

    /** While down, every API request gets 503 UNAVAILABLE with a Google-style error body; nothing is written. */
    public void down(boolean down) {
        this.down = down;
    }

    /** How the spreadsheet is shared with every caller from now on (a spreadsheet is {@link Access#WRITE} by default). */
    public void access(String spreadsheetId, Access level) {
        synchronized (lock) {
            access.put(spreadsheetId, level);
        }
    }

    /**
     * Adds a tab with these rows (each a list of values: String, a Number, Boolean or null), as a person would
     * make one in the Sheets UI.
     */
    public void addTab(String spreadsheetId, String title, List<?>... rows) {
        synchronized (lock) {
            Spreadsheet spreadsheet = spreadsheet(spreadsheetId);
            if (spreadsheet.tab(title) != null) {
                throw new IllegalArgumentException("tab " + title + " exists");
            }
            Tab tab = new Tab(spreadsheet.nextSheetId++, title, DEFAULT_ROWS, DEFAULT_COLUMNS);
            for (int row = 0; row < rows.length; row++) {
                for (int column = 0; column < rows[row].size(); column++) {
                    Object value = rows[row].get(column);
                    tab.set(row, column, new Cell(value instanceof Number number ? decimal(number) : value, null, null));
                }
            }
            tab.rowCount = Math.max(tab.rowCount, rows.length);
            spreadsheet.tabs.add(tab);
        }
    }

    /** Writes one cell in place, as a person typing in the Sheets UI (row and column 0-based). */
    public void setCell(String spreadsheetId, String title, int row, int column, Object value) {
        synchronized (lock) {
            Tab tab = spreadsheet(spreadsheetId).tab(title);
            tab.set(row, column, new Cell(value instanceof Number number ? decimal(number) : value, null, null));
        }
    }

    /** The titles of the spreadsheet's tabs, in order. */
    public List<String> tabs(String spreadsheetId) {
        synchronized (lock) {
            return spreadsheet(spreadsheetId).tabs.stream().map(tab -> tab.title).toList();
        }
    }

    /**
     * The values of a tab, row by row up to its last row with data, each row up to its last value: String,
     * {@link BigDecimal} for any number (a date is its serial number), Boolean, null for an empty cell. Empty for a
     * tab that does not exist.
     */
    public List<List<Object>> rows(String spreadsheetId, String tab) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Cell> cells : cells(spreadsheetId, tab)) {
            rows.add(Collections.unmodifiableList(new ArrayList<>(cells.stream().map(Cell::value).toList())));
        }
        return Collections.unmodifiableList(rows);
    }

    /** The cells of a tab as the Sheets UI shows them ({@link Cell#displayed}), row by row like {@link #rows}. */
    public List<List<String>> displayed(String spreadsheetId, String tab) {
        return cells(spreadsheetId, tab).stream().map(cells -> cells.stream().map(Cell::displayed).toList()).toList();
    }

    /** The cells of a tab with their formats, row by row like {@link #rows}. */
    public List<List<Cell>> cells(String spreadsheetId, String title) {
        synchronized (lock) {
            Spreadsheet spreadsheet = spreadsheets.get(spreadsheetId);
            Tab tab = spreadsheet == null ? null : spreadsheet.tab(title);
            if (tab == null) {
                return List.of();
            }
            List<List<Cell>> rows = new ArrayList<>();
            for (int row = 0; row < tab.height(); row++) {
                List<Cell> cells = row < tab.rows.size() ? tab.rows.get(row) : List.of();
                int end = cells.size();
                while (end > 0 && cells.get(end - 1).value() == null) {
                    end--;
                }
                rows.add(List.copyOf(cells.subList(0, end)));
            }
            return List.copyOf(rows);
        }
    }

    /** Every API request received (answered with any status), in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls.values());
    }

    /** Every write request received (batchUpdate, append; answered with any status), in arrival order. */
    public List<Call> writeCalls() {
        return calls.values().stream().filter(Call::write).toList();
    }

    /** Every token request received, in the order they were answered. */
    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** The largest number of write requests (any status) whose arrival times fall within one 60 s window. */
    public int maxWritesInAnyMinute() {
        return mostInAnyMinute(writeCalls());
    }

    /** The largest number of read requests (any status) whose arrival times fall within one 60 s window. */
    public int maxReadsInAnyMinute() {
        return mostInAnyMinute(calls.values().stream().filter(call -> !call.write()).toList());
    }

    private static int mostInAnyMinute(List<Call> list) {
        List<Instant> times = list.stream().map(Call::at).sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < times.size(); last++) {
            while (!times.get(first).plus(MINUTE).isAfter(times.get(last))) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** The largest number of write requests that were being handled at the same moment. */
    public int maxConcurrentWrites() {
        return maxConcurrentWrites.get();
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * For the benchmark: {@code java -cp <test classpath> io.hookbridge.testing.SheetsApiServer <port>
     * <writesPerMinute> <keyFolder>} writes a service-account key file into keyFolder, prints its path on standard
     * output, and serves until killed.
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SheetsApiServer <port> <writesPerMinute> <keyFolder>");
            System.exit(2);
        }
        SheetsApiServer server = start(Integer.parseInt(args[0]));
        server.writesPerMinute(Integer.parseInt(args[1]));
        Path keyFile = server.writeServiceAccountKey(Path.of(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.err.println("Sheets API stand-in serving on " + server.rootUrl());
        System.out.println(keyFile.toAbsolutePath());
        System.out.flush();
    }

    /** The spreadsheet, made with one empty "Sheet1" tab if this is the first time it is named. Under the lock. */
    private Spreadsheet spreadsheet(String id) {
        return spreadsheets.computeIfAbsent(id, k -> {
            Spreadsheet made = new Spreadsheet();
            made.tabs.add(new Tab(0, "Sheet1", DEFAULT_ROWS, DEFAULT_COLUMNS));
            return made;
        });
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (method.equals("POST") && path.equals("/token")) {
                handleToken(exchange);
            } else if (path.startsWith(API_PREFIX) && operation(method, path.substring(API_PREFIX.length())) != null) {
                handleApi(exchange, method, path.substring(API_PREFIX.length()));
            } else if (method.equals("GET") && path.equals("/_stats")) {
                String since = first(decodeForm(exchange.getRequestURI().getRawQuery())).get("since");
                send(exchange, 200, stats(since == null ? Instant.MIN : Instant.parse(since)), Map.of());
            } else if (method.equals("GET") && path.equals("/_rows")) {
                Map<String, String> query = first(decodeForm(exchange.getRequestURI().getRawQuery()));
                send(exchange, 200, rows(query.get("spreadsheetId"), query.get("tab")), Map.of());
            } else {
                exchange.getRequestBody().readAllBytes();
                send(exchange, 404, googleError(404, "Requested entity was not found.", "notFound", "NOT_FOUND"),
                        Map.of());
            }
        } catch (RuntimeException | IOException e) {
            e.printStackTrace();
            try {
                send(exchange, 500, googleError(500, "Internal error: " + e, "backendError", "INTERNAL"), Map.of());
            } catch (IOException | RuntimeException ignored) {
                // the response had already begun; closing the exchange below ends it
            }
        } finally {
            exchange.close();
        }
    }

    /**
     * The API method of a request, from its HTTP method and its path after {@code /v4/spreadsheets/}; null when
     * the server does not serve it. A range in the path may hold a raw ':' ({@code Sales!A:C:append}).
     */
    private static String operation(String method, String rest) {
        int slash = rest.indexOf('/');
        if (slash < 0) {
            int colon = rest.indexOf(':');
            if (colon < 0) {
                return method.equals("GET") && !rest.isEmpty() ? "spreadsheets.get" : null;
            }
            return method.equals("POST") && rest.substring(colon + 1).equals("batchUpdate")
                    ? "spreadsheets.batchUpdate" : null;
        }
        String tail = rest.substring(slash + 1);
        if (tail.equals("values:batchGet")) {
            return method.equals("GET") ? "values.batchGet" : null;
        }
        if (tail.startsWith("values/") && tail.length() > "values/".length()) {
            if (tail.endsWith(":append")) {
                return method.equals("POST") ? "values.append" : null;
            }
            return method.equals("GET") ? "values.get" : null;
        }
        return null;
    }

    /** Counts of what one write did, for its {@link Call}. */
    private static final class Effects {
        int appendedRows;
        final Set<String> updatedRows = new HashSet<>();
        final Set<String> newRows = new HashSet<>();
        final List<String> requests = new ArrayList<>();
        final List<String> ranges = new ArrayList<>();
        Set<String> tabs = Set.of();
    }

    private void handleApi(HttpExchange exchange, String httpMethod, String rest) throws IOException {
        Instant at = Instant.now();
        long arrival = arrivals.incrementAndGet();
        String op = operation(httpMethod, rest);
        boolean write = op.equals("spreadsheets.batchUpdate") || op.equals("values.append");
        if (write) {
            maxConcurrentWrites.accumulateAndGet(concurrentWrites.incrementAndGet(), Math::max);
        }
        try {
            int slash = rest.indexOf('/');
            int colon = rest.indexOf(':');
            String id = decodePathSegment(slash >= 0 ? rest.substring(0, slash) : colon >= 0 ? rest.substring(0, colon) : rest);
            String pathRange = null;
            if (op.equals("values.append") || op.equals("values.get")) {
                String raw = rest.substring(slash + 1 + "values/".length());
                pathRange = decodePathSegment(op.equals("values.append") ? raw.substring(0, raw.length() - ":append".length()) : raw);
            }
            Map<String, List<String>> query = decodeForm(exchange.getRequestURI().getRawQuery());
            Headers requestHeaders = exchange.getRequestHeaders();
            boolean gzip = "gzip".equalsIgnoreCase(requestHeaders.getFirst("Content-Encoding"));
            String transferEncoding = requestHeaders.getFirst("Transfer-Encoding");
            boolean chunked = transferEncoding != null && transferEncoding.toLowerCase().contains("chunked");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            requestHeaders.forEach((name, list) -> headers.put(name, List.copyOf(list)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Effects effects = new Effects();
            if (pathRange != null) {
                effects.ranges.add(pathRange);
            }
            effects.ranges.addAll(op.equals("values.batchGet") ? query.getOrDefault("ranges", List.of()) : List.of());
            Answer answer;
            try {
                byte[] plain;
                try {
                    plain = gzip ? gunzip(body) : body;
                } catch (IOException e) {
                    throw invalidArgument("Content-Encoding is gzip but the body is not: " + e.getMessage());
                }
                answer = api(op, write, id, pathRange, query, requestHeaders.getFirst("Authorization"), plain, effects);
            } catch (Refusal refusal) {
                answer = refusal.answer;
            }
            calls.put(arrival, new Call(at, op, write, id, List.copyOf(effects.ranges),
                    Collections.unmodifiableMap(first(query)), Collections.unmodifiableMap(headers), gzip, chunked,
                    answer.status(), answer.status() < 300 || lostAnswer(answer) ? effects.appendedRows + effects.newRows.size() : 0,
                    answer.status() < 300 || lostAnswer(answer) ? effects.updatedRows.size() : 0,
                    List.copyOf(effects.requests), Set.copyOf(effects.tabs)));
            send(exchange, answer.status(), answer.body(), answer.headers());
        } finally {
            if (write) {
                concurrentWrites.decrementAndGet();
            }
        }
    }

    private static boolean lostAnswer(Answer answer) {
        return "lost".equals(answer.headers().get("X-Stand-In"));
    }

    /**
     * Answers an API request: 503 while down, then a planned failure (writes), then 401 without a valid token, then
     * 404 or 403 as the spreadsheet's access says, then 429 beyond the quota, then 400 for a bad request; else the
     * request's answer, its writes applied all or none.
     */
    private Answer api(String op, boolean write, String id, String pathRange, Map<String, List<String>> query,
            String authorization, byte[] body, Effects effects) throws Refusal {
        if (down) {
            throw new Refusal(new Answer(503, googleError(503, "The service is currently unavailable.",
                    "backendError", "UNAVAILABLE")));
        }
        PlannedFailure lose = null;
        if (write) {
            synchronized (lock) {
                effects.tabs = tabsWritten(id, pathRange, body);
                effects.requests.addAll(requestKinds(pathRange, body));
                PlannedFailure planned = planned(id, pathRange, body);
                if (planned != null && !planned.lost) {
                    planned.left--;
                    throw new Refusal(new Answer(planned.status, plannedError(planned.status), planned.headers));
                }
                lose = planned;
            }
        }
        String principal = principal(authorization, firstOf(query, "access_token"));
        synchronized (lock) {
            Access level = access.getOrDefault(id, Access.WRITE);
            if (id.isEmpty() || level == Access.MISSING) {
                throw new Refusal(new Answer(404, plannedError(404)));
            }
            if (level == Access.NONE || (level == Access.READ && write)) {
                throw new Refusal(new Answer(403, plannedError(403)));
            }
            Deque<Instant> window = (write ? acceptedWrites : acceptedReads).computeIfAbsent(principal,
                    p -> new ArrayDeque<>());
            Instant now = Instant.now();
            while (!window.isEmpty() && !window.peekFirst().plus(MINUTE).isAfter(now)) {
                window.removeFirst();
            }
            if (window.size() >= (write ? writesPerMinute : readsPerMinute)) {
                throw new Refusal(new Answer(429, googleError(429, write ? WRITE_QUOTA_MESSAGE : READ_QUOTA_MESSAGE,
                        "rateLimitExceeded", "RESOURCE_EXHAUSTED")));
            }
            Spreadsheet spreadsheet = spreadsheet(id);
            Object answer = switch (op) {
                case "spreadsheets.get" -> spreadsheetResource(id, spreadsheet, List.of(), false);
                case "values.batchGet" -> batchGet(id, spreadsheet, query);
                case "values.get" -> valueRange(spreadsheet, pathRange, firstOf(query, "valueRenderOption"));
                case "values.append" -> append(id, spreadsheet, pathRange, first(query), body, effects);
                case "spreadsheets.batchUpdate" -> batchUpdate(id, body, effects);
                default -> throw new IllegalStateException(op);
            };
            window.addLast(now);
            if (lose != null) {
                lose.left--;
                throw new Refusal(new Answer(503, plannedError(503), Map.of("X-Stand-In", "lost")));
            }
            return new Answer(200, answer);
        }
    }

    /** The first planned failure with writes left that applies to this write (its tab named, or any). Under the lock. */
    private PlannedFailure planned(String id, String pathRange, byte[] body) {
        plannedFailures.removeIf(planned -> planned.left <= 0);
        for (PlannedFailure planned : plannedFailures) {
            if (planned.tab == null || tabsWritten(id, pathRange, body).contains(planned.tab)) {
                return planned;
            }
        }
        return null;
    }

    /** The kinds of the requests of a batchUpdate body, in order (none for values.append or a body that does not read). */
    private static List<String> requestKinds(String pathRange, byte[] body) {
        List<String> kinds = new ArrayList<>();
        if (pathRange != null) {
            return kinds;
        }
        try {
            if (object(body).get("requests") instanceof List<?> list) {
                for (Object one : list) {
                    Map<String, Object> request = map(one);
                    if (request != null) {
                        kinds.addAll(request.keySet());
                    }
                }
            }
        } catch (Refusal notJson) {
            // a body that does not read has no requests
        }
        return kinds;
    }

    /** The titles of the tabs a write request writes to: its range's tab, or the tabs its requests name. */
    private Set<String> tabsWritten(String id, String pathRange, byte[] body) {
        Set<String> tabs = new HashSet<>();
        if (pathRange != null) {
            tabs.add(tabOf(pathRange));
            return tabs;
        }
        Spreadsheet spreadsheet = spreadsheet(id);
        try {
            Object requests = object(body).get("requests");
            if (requests instanceof List<?> list) {
                for (Object one : list) {
                    Map<String, Object> request = map(one);
                    for (Object args : request == null ? List.of() : request.values()) {
                        Map<String, Object> fields = map(args);
                        if (fields == null) {
                            continue;
                        }
                        Map<String, Object> properties = map(fields.get("properties"));
                        if (properties != null && properties.get("title") instanceof String title) {
                            tabs.add(title);
                        }
                        Map<String, Object> start = map(fields.get("start"));
                        Integer sheetId = integer(start != null ? start.get("sheetId") : fields.get("sheetId"));
                        Tab tab = sheetId == null ? null : spreadsheet.tab(sheetId);
                        if (tab != null) {
                            tabs.add(tab.title);
                        }
                    }
                }
            }
        } catch (Refusal notJson) {
            // a body that does not read names no tab
        }
        return tabs;
    }

    /** The principal of a valid bearer token (header, or {@code access_token} query parameter as Google allows). */
    private String principal(String authorization, String queryToken) throws Refusal {
        String token = queryToken;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        if (token == null) {
            throw unauthenticated("Request is missing required authentication credential. Expected OAuth 2 access "
                    + "token, login cookie or other valid authentication credential.", null);
        }
        IssuedToken issued = accessTokens.get(token);
        if (issued == null || !issued.expiresAt().isAfter(Instant.now())) {
            throw unauthenticated("Request had invalid authentication credentials. Expected OAuth 2 access token, "
                    + "login cookie or other valid authentication credential.", "invalid_token");
        }
        return issued.principal();
    }
    // ---------------------------------------------------------------- token endpoint

    private void handleToken(HttpExchange exchange) throws IOException {
        Instant now = Instant.now();
        Map<String, String> form = first(decodeForm(new String(readBody(exchange), StandardCharsets.UTF_8)));
        String grantType = form.get("grant_type");
        String principal;
        String error;
        if (JWT_BEARER.equals(grantType)) {
            principal = SERVICE_ACCOUNT_EMAIL;
            error = checkAssertion(form.get("assertion"), now);
        } else if ("refresh_token".equals(grantType)) {
            principal = form.get("client_id");
            boolean known = refreshGrants.contains(
                    new RefreshGrant(principal, form.get("client_secret"), form.get("refresh_token")));
            error = known ? null : "Bad Request: unknown client_id, client_secret or refresh_token";
        } else {
            tokenRequests.add(new TokenRequest(now, grantType, 400));
            send(exchange, 400, Map.of("error", "unsupported_grant_type",
                    "error_description", "Invalid grant_type: " + grantType), Map.of());
            return;
        }
        if (error != null) {
            tokenRequests.add(new TokenRequest(now, grantType, 400));
            send(exchange, 400, Map.of("error", "invalid_grant", "error_description", error), Map.of());
            return;
        }
        String token = "ya29." + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(48));
        accessTokens.put(token, new IssuedToken(principal, now.plus(TOKEN_LIFETIME)));
        TestSecrets.register(token);
        tokenRequests.add(new TokenRequest(now, grantType, 200));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        answer.put("token_type", "Bearer");
        send(exchange, 200, answer, Map.of());
    }

    /** Checks a JWT-bearer assertion the way Google does; returns why it is refused, or null if it is good. */
    private String checkAssertion(String jwt, Instant now) {
        JwtAssertion assertion;
        try {
            assertion = JwtAssertion.parse(jwt);
        } catch (JwtAssertion.MalformedException e) {
            return e.getMessage();
        }
        List<ServiceAccount> accounts = serviceAccounts.stream()
                .filter(account -> account.email().equals(assertion.issuer()))
                .toList();
        if (accounts.isEmpty()) {
            return "Invalid email or User ID";
        }
        if (accounts.stream()
                .filter(account -> assertion.keyId() == null || account.keyId().equals(assertion.keyId()))
                .noneMatch(account -> assertion.signedBy(account.publicKey()))) {
            return "Invalid JWT Signature.";
        }
        if (!tokenUri().equals(assertion.audience()) && !GOOGLE_TOKEN_AUDIENCE.equals(assertion.audience())) {
            return "Invalid JWT: Failed audience check. aud was " + assertion.audience();
        }
        if (!List.of(assertion.scope().split(" ")).contains(SPREADSHEETS_SCOPE)) {
            return "Invalid JWT: scope does not contain " + SPREADSHEETS_SCOPE + ": " + assertion.scope();
        }
        Instant issuedAt = Instant.ofEpochSecond(assertion.issuedAt());
        Instant expiresAt = Instant.ofEpochSecond(assertion.expiresAt());
        if (!expiresAt.isAfter(now) || issuedAt.isAfter(now.plus(CLOCK_SKEW))
                || Duration.between(issuedAt, expiresAt).compareTo(MAX_ASSERTION_LIFETIME) > 0) {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                    + "Check your iat and exp values in the JWT claim.";
        }
        return null;
    }


    // ---------------------------------------------------------------- reads

    /** spreadsheets.get, or the updatedSpreadsheet of a batchUpdate: properties of all tabs, or data of some ranges. */
    private static Map<String, Object> spreadsheetResource(String id, Spreadsheet spreadsheet, List<String> ranges,
            boolean gridData) throws Refusal {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", "Spreadsheet " + id);
        properties.put("locale", "en_US");
        properties.put("timeZone", "Etc/GMT");
        Map<String, List<Area>> areasByTab = new LinkedHashMap<>();
        for (String range : ranges) {
            Area area = area(range);
            if (spreadsheet.tab(area.tab()) == null) {
                throw invalidArgument("Unable to parse range: " + range);
            }
            areasByTab.computeIfAbsent(area.tab(), t -> new ArrayList<>()).add(area);
        }
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (int index = 0; index < spreadsheet.tabs.size(); index++) {
            Tab tab = spreadsheet.tabs.get(index);
            if (!ranges.isEmpty() && !areasByTab.containsKey(tab.title)) {
                continue;
            }
            Map<String, Object> sheet = new LinkedHashMap<>();
            sheet.put("properties", sheetProperties(tab, index));
            if (gridData && areasByTab.containsKey(tab.title)) {
                sheet.put("data", areasByTab.get(tab.title).stream().map(area -> gridData(tab, area)).toList());
            }
            sheets.add(sheet);
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("spreadsheetId", id);
        resource.put("properties", properties);
        resource.put("sheets", sheets);
        resource.put("spreadsheetUrl", "https://docs.google.com/spreadsheets/d/" + id + "/edit");
        return resource;
    }

    private static Map<String, Object> sheetProperties(Tab tab, int index) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("sheetId", tab.sheetId);
        properties.put("title", tab.title);
        properties.put("index", index);
        properties.put("sheetType", "GRID");
        properties.put("gridProperties", Map.of("rowCount", tab.rowCount, "columnCount", tab.columnCount));
        return properties;
    }

    /** The cells of an area as GridData: each cell's userEnteredValue, effectiveValue, formattedValue and format. */
    private static Map<String, Object> gridData(Tab tab, Area area) {
        List<Map<String, Object>> rowData = new ArrayList<>();
        int lastRow = Math.min(area.lastRow(), tab.height() - 1);
        int lastColumn = Math.min(area.lastColumn(), tab.width() - 1);
        for (int row = area.firstRow(); row <= lastRow; row++) {
            List<Map<String, Object>> values = new ArrayList<>();
            for (int column = area.firstColumn(); column <= lastColumn; column++) {
                values.add(cellData(tab.cell(row, column)));
            }
            while (!values.isEmpty() && values.get(values.size() - 1).isEmpty()) {
                values.remove(values.size() - 1);
            }
            rowData.add(values.isEmpty() ? Map.of() : Map.of("values", values));
        }
        while (!rowData.isEmpty() && rowData.get(rowData.size() - 1).isEmpty()) {
            rowData.remove(rowData.size() - 1);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("startRow", area.firstRow());
        data.put("startColumn", area.firstColumn());
        data.put("rowData", rowData);
        return data;
    }

    private static Map<String, Object> cellData(Cell cell) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (cell.value() != null) {
            Map<String, Object> value = cell.value() instanceof BigDecimal number ? Map.of("numberValue", number)
                    : cell.value() instanceof Boolean flag ? Map.of("boolValue", flag)
                    : Map.of("stringValue", cell.value().toString());
            data.put("userEnteredValue", value);
            data.put("effectiveValue", value);
            data.put("formattedValue", cell.displayed());
        }
        if (cell.formatType() != null) {
            Map<String, Object> numberFormat = new LinkedHashMap<>();
            numberFormat.put("type", cell.formatType());
            if (cell.pattern() != null) {
                numberFormat.put("pattern", cell.pattern());
            }
            data.put("userEnteredFormat", Map.of("numberFormat", numberFormat));
        }
        return data;
    }

    private static Map<String, Object> batchGet(String id, Spreadsheet spreadsheet, Map<String, List<String>> query)
            throws Refusal {
        String majorDimension = firstOf(query, "majorDimension");
        if (majorDimension != null && !majorDimension.equals("ROWS")) {
            throw invalidArgument("majorDimension " + majorDimension + " is not supported by this test server");
        }
        List<Map<String, Object>> valueRanges = new ArrayList<>();
        for (String range : query.getOrDefault("ranges", List.of())) {
            valueRanges.add(valueRange(spreadsheet, range, firstOf(query, "valueRenderOption")));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("spreadsheetId", id);
        answer.put("valueRanges", valueRanges);
        return answer;
    }

    /**
     * The values of a range, rows major, without trailing empty rows and cells (an empty cell before a value is "");
     * numbers, booleans and text as they are (UNFORMATTED_VALUE, a date as its serial number) or as shown
     * (FORMATTED_VALUE, the default).
     */
    private static Map<String, Object> valueRange(Spreadsheet spreadsheet, String range, String render)
            throws Refusal {
        Area area = area(range);
        Tab tab = spreadsheet.tab(area.tab());
        if (tab == null) {
            throw invalidArgument("Unable to parse range: " + range);
        }
        boolean formatted = render == null || render.equals("FORMATTED_VALUE");
        List<List<Object>> values = new ArrayList<>();
        int lastRow = Math.min(area.lastRow(), tab.height() - 1);
        int lastColumn = Math.min(area.lastColumn(), tab.width() - 1);
        for (int row = area.firstRow(); row <= lastRow; row++) {
            List<Object> cells = new ArrayList<>();
            for (int column = area.firstColumn(); column <= lastColumn; column++) {
                Cell cell = tab.cell(row, column);
                cells.add(cell.value() == null ? "" : formatted ? cell.displayed() : cell.value());
            }
            while (!cells.isEmpty() && "".equals(cells.get(cells.size() - 1))) {
                cells.remove(cells.size() - 1);
            }
            values.add(cells);
        }
        while (!values.isEmpty() && values.get(values.size() - 1).isEmpty()) {
            values.remove(values.size() - 1);
        }
        Map<String, Object> valueRange = new LinkedHashMap<>();
        valueRange.put("range", range);
        valueRange.put("majorDimension", "ROWS");
        if (!values.isEmpty()) {
            valueRange.put("values", values);
        }
        return valueRange;
    }

    // ---------------------------------------------------------------- values.append

    /** Appends the rows of a ValueRange after the tab's last row with data, from the range's first column. */
    private static Map<String, Object> append(String id, Spreadsheet spreadsheet, String range,
            Map<String, String> query, byte[] body, Effects effects) throws Refusal {
        List<List<Object>> rows = parseValues(body, range);
        Area area = area(range);
        Tab tab = spreadsheet.tab(area.tab());
        if (tab == null) {
            throw invalidArgument("Unable to parse range: " + range);
        }
        String valueInputOption = query.get("valueInputOption");
        if (valueInputOption == null) {
            throw invalidArgument("'valueInputOption' is required but not specified");
        }
        if (!VALUE_INPUT_OPTIONS.contains(valueInputOption)) {
            throw invalidArgument("Invalid value at 'value_input_option': \"" + valueInputOption + "\"");
        }
        int tableHeight = tab.height();
        int tableWidth = tab.width();
        int firstColumn = area.firstColumn();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                tab.set(tableHeight + r, firstColumn + c, new Cell(rows.get(r).get(c), null, null));
            }
        }
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        tab.rowCount = Math.max(tab.rowCount, tableHeight + rows.size());
        tab.columnCount = Math.max(tab.columnCount, firstColumn + width);
        effects.appendedRows = rows.size();
        String sheet = quotedTab(tab.title);
        Map<String, Object> updates = new LinkedHashMap<>();
        updates.put("spreadsheetId", id);
        if (!rows.isEmpty()) {
            updates.put("updatedRange", sheet + "!" + column(firstColumn + 1) + (tableHeight + 1) + ":"
                    + column(firstColumn + Math.max(width, 1)) + (tableHeight + rows.size()));
            updates.put("updatedRows", rows.size());
            updates.put("updatedColumns", width);
            updates.put("updatedCells", rows.size() * width);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("spreadsheetId", id);
        if (tableHeight > 0) {
            response.put("tableRange", sheet + "!A1:" + column(Math.max(tableWidth, 1)) + tableHeight);
        }
        response.put("updates", updates);
        return response;
    }

    /** Reads the rows of a ValueRange body: cells as String, BigDecimal, Boolean or null. */
    private static List<List<Object>> parseValues(byte[] body, String urlRange) throws Refusal {
        Map<String, Object> valueRange = object(body);
        Object majorDimension = valueRange.get("majorDimension");
        if (majorDimension != null && !"ROWS".equals(majorDimension)) {
            throw invalidArgument("majorDimension " + majorDimension + " is not supported by this test server");
        }
        Object bodyRange = valueRange.get("range");
        if (bodyRange != null && !sameRange(bodyRange.toString(), urlRange)) {
            throw invalidArgument("Requested writing within range [" + urlRange
                    + "], but tried writing to [" + bodyRange + "]");
        }
        Object values = valueRange.getOrDefault("values", List.of());
        if (!(values instanceof List<?> rowList)) {
            throw invalidArgument("Invalid value at 'data.values': not a list");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < rowList.size(); r++) {
            if (!(rowList.get(r) instanceof List<?> cells)) {
                throw invalidArgument("Invalid values[" + r + "]: not a list");
            }
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                Object cell = cells.get(c);
                if (cell instanceof Number number) {
                    cell = decimal(number);
                } else if (cell != null && !(cell instanceof String) && !(cell instanceof Boolean)) {
                    throw invalidArgument("Invalid values[" + r + "][" + c + "]: "
                            + (cell instanceof List ? "list_value" : "struct_value"));
                } else if (cell instanceof String text && text.length() > MAX_CELL_CHARACTERS) {
                    throw tooLong();
                }
                row.add(cell);
            }
            rows.add(row);
        }
        return rows;
    }

    // ---------------------------------------------------------------- spreadsheets.batchUpdate

    /**
     * Applies the requests of a batchUpdate in order to a copy of the spreadsheet, and keeps the copy only when
     * every request applied, as Google does: a refused request leaves the spreadsheet as it was.
     */
    private Map<String, Object> batchUpdate(String id, byte[] body, Effects effects) throws Refusal {
        Map<String, Object> request = object(body);
        List<?> requests = request.get("requests") instanceof List<?> list ? list : List.of();
        if (requests.isEmpty()) {
            throw invalidArgument("Must specify at least one request.");
        }
        Spreadsheet working = spreadsheet(id).copy();
        List<Object> replies = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Map<String, Object> one = map(requests.get(i));
            if (one == null || one.size() != 1) {
                throw invalidArgument("Invalid requests[" + i + "]: exactly one kind of request must be set");
            }
            String kind = one.keySet().iterator().next();
            Map<String, Object> args = map(one.get(kind));
            String where = "Invalid requests[" + i + "]." + kind + ": ";
            replies.add(switch (kind) {
                case "addSheet" -> Map.of("addSheet", Map.of("properties", addSheet(working, args, where)));
                case "updateCells" -> updateCells(working, args, where, effects);
                case "appendCells" -> appendCells(working, args, where, effects);
                case "appendDimension" -> appendDimension(working, args, where);
                case "updateSheetProperties" -> updateSheetProperties(working, args, where);
                default -> throw invalidArgument(where + "this test server does not support it");
            });
        }
        List<String> responseRanges = new ArrayList<>();
        if (request.get("responseRanges") instanceof List<?> ranges) {
            ranges.forEach(range -> responseRanges.add(String.valueOf(range)));
        }
        effects.ranges.addAll(responseRanges);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("spreadsheetId", id);
        answer.put("replies", replies);
        if (Boolean.TRUE.equals(request.get("includeSpreadsheetInResponse"))) {
            answer.put("updatedSpreadsheet", spreadsheetResource(id, working, responseRanges,
                    Boolean.TRUE.equals(request.get("responseIncludeGridData"))));
        }
        spreadsheets.put(id, working);
        return answer;
    }

    private static Map<String, Object> addSheet(Spreadsheet spreadsheet, Map<String, Object> args, String where)
            throws Refusal {
        Map<String, Object> properties = args == null ? null : map(args.get("properties"));
        properties = properties == null ? Map.of() : properties;
        Integer sheetId = integer(properties.get("sheetId"));
        String title = properties.get("title") instanceof String text ? text : "Sheet" + (spreadsheet.tabs.size() + 1);
        if (spreadsheet.tab(title) != null) {
            throw invalidArgument(where + "A sheet with the name \"" + title
                    + "\" already exists. Please enter another name.");
        }
        if (sheetId != null && spreadsheet.tab(sheetId) != null) {
            throw invalidArgument(where + "Sheet with id " + sheetId + " already exists.");
        }
        if (sheetId == null) {
            sheetId = spreadsheet.nextSheetId;
            while (spreadsheet.tab(sheetId) != null) {
                sheetId++;
            }
        }
        spreadsheet.nextSheetId = Math.max(spreadsheet.nextSheetId, sheetId + 1);
        Map<String, Object> grid = map(properties.get("gridProperties"));
        Integer rows = grid == null ? null : integer(grid.get("rowCount"));
        Integer columns = grid == null ? null : integer(grid.get("columnCount"));
        Tab tab = new Tab(sheetId, title, rows == null ? DEFAULT_ROWS : rows, columns == null ? DEFAULT_COLUMNS : columns);
        spreadsheet.tabs.add(tab);
        return sheetProperties(tab, spreadsheet.tabs.size() - 1);
    }

    /** Writes rows of CellData from a start cell (or a GridRange's top left), only the parts named by fields. */
    private static Map<String, Object> updateCells(Spreadsheet spreadsheet, Map<String, Object> args, String where,
            Effects effects) throws Refusal {
        String fields = args.get("fields") instanceof String text ? text.trim() : "";
        if (fields.isEmpty()) {
            throw invalidArgument(where + "At least one field must be specified in 'fields'.");
        }
        Map<String, Object> start = map(args.get("start"));
        Map<String, Object> range = map(args.get("range"));
        if ((start == null) == (range == null)) {
            throw invalidArgument(where + "Exactly one of 'start' or 'range' must be set.");
        }
        Integer sheetId = integer(start != null ? start.get("sheetId") : range.get("sheetId"));
        Tab tab = spreadsheet.tab(sheetId == null ? 0 : sheetId);
        if (tab == null) {
            throw invalidArgument(where + "No grid with id: " + (sheetId == null ? 0 : sheetId));
        }
        int firstRow = orZero(integer(start != null ? start.get("rowIndex") : range.get("startRowIndex")));
        int firstColumn = orZero(integer(start != null ? start.get("columnIndex") : range.get("startColumnIndex")));
        int heightBefore = tab.height();
        List<?> rows = args.get("rows") instanceof List<?> list ? list : List.of();
        for (int r = 0; r < rows.size(); r++) {
            List<?> values = rowValues(rows.get(r));
            for (int c = 0; c < values.size(); c++) {
                int row = firstRow + r;
                int column = firstColumn + c;
                if (row >= tab.rowCount || column >= tab.columnCount) {
                    throw invalidArgument(where + "Range (" + quotedTab(tab.title) + "!" + column(column + 1)
                            + (row + 1) + ") exceeds grid limits. Max rows: " + tab.rowCount + ", max columns: "
                            + tab.columnCount);
                }
                tab.set(row, column, cell(tab.cell(row, column), map(values.get(c)), fields, where));
                (row < heightBefore ? effects.updatedRows : effects.newRows).add(tab.sheetId + ":" + row);
            }
        }
        return Map.of();
    }

    /** Writes rows of CellData after the tab's last row with data, adding rows to the grid as needed. */
    private static Map<String, Object> appendCells(Spreadsheet spreadsheet, Map<String, Object> args, String where,
            Effects effects) throws Refusal {
        String fields = args.get("fields") instanceof String text ? text.trim() : "";
        if (fields.isEmpty()) {
            throw invalidArgument(where + "At least one field must be specified in 'fields'.");
        }
        Integer sheetId = integer(args.get("sheetId"));
        Tab tab = spreadsheet.tab(sheetId == null ? 0 : sheetId);
        if (tab == null) {
            throw invalidArgument(where + "No grid with id: " + (sheetId == null ? 0 : sheetId));
        }
        List<?> rows = args.get("rows") instanceof List<?> list ? list : List.of();
        int firstRow = tab.height();
        for (int r = 0; r < rows.size(); r++) {
            List<?> values = rowValues(rows.get(r));
            for (int c = 0; c < values.size(); c++) {
                if (c >= tab.columnCount) {
                    throw invalidArgument(where + "Range (" + quotedTab(tab.title) + "!" + column(c + 1)
                            + (firstRow + r + 1) + ") exceeds grid limits. Max rows: " + tab.rowCount
                            + ", max columns: " + tab.columnCount);
                }
                tab.set(firstRow + r, c, cell(Cell.EMPTY, map(values.get(c)), fields, where));
            }
        }
        tab.rowCount = Math.max(tab.rowCount, firstRow + rows.size());
        effects.appendedRows += rows.size();
        return Map.of();
    }

    private static Map<String, Object> appendDimension(Spreadsheet spreadsheet, Map<String, Object> args,
            String where) throws Refusal {
        Integer sheetId = integer(args.get("sheetId"));
        Tab tab = spreadsheet.tab(sheetId == null ? 0 : sheetId);
        if (tab == null) {
            throw invalidArgument(where + "No grid with id: " + (sheetId == null ? 0 : sheetId));
        }
        int length = orZero(integer(args.get("length")));
        if (length <= 0) {
            throw invalidArgument(where + "length must be greater than 0");
        }
        switch (String.valueOf(args.get("dimension"))) {
            case "ROWS" -> tab.rowCount += length;
            case "COLUMNS" -> tab.columnCount += length;
            default -> throw invalidArgument(where + "dimension must be ROWS or COLUMNS");
        }
        return Map.of();
    }

    private static Map<String, Object> updateSheetProperties(Spreadsheet spreadsheet, Map<String, Object> args,
            String where) throws Refusal {
        Map<String, Object> properties = map(args.get("properties"));
        String fields = args.get("fields") instanceof String text ? text.trim() : "";
        if (properties == null || fields.isEmpty()) {
            throw invalidArgument(where + "properties and fields must be set");
        }
        Integer sheetId = integer(properties.get("sheetId"));
        Tab tab = spreadsheet.tab(sheetId == null ? 0 : sheetId);
        if (tab == null) {
            throw invalidArgument(where + "No grid with id: " + (sheetId == null ? 0 : sheetId));
        }
        List<String> names = Arrays.stream(fields.split(",")).map(String::trim).toList();
        if (names.contains("title") || names.contains("*")) {
            String title = String.valueOf(properties.get("title"));
            Tab other = spreadsheet.tab(title);
            if (other != null && other != tab) {
                throw invalidArgument(where + "A sheet with the name \"" + title
                        + "\" already exists. Please enter another name.");
            }
            tab.title = title;
        }
        Map<String, Object> grid = map(properties.get("gridProperties"));
        if (grid != null && (names.contains("gridProperties.rowCount") || names.contains("*"))) {
            tab.rowCount = orZero(integer(grid.get("rowCount")));
        }
        if (grid != null && (names.contains("gridProperties.columnCount") || names.contains("*"))) {
            tab.columnCount = orZero(integer(grid.get("columnCount")));
        }
        return Map.of();
    }

    private static List<?> rowValues(Object rowData) {
        Map<String, Object> row = map(rowData);
        return row != null && row.get("values") instanceof List<?> values ? values : List.of();
    }

    /** A cell after CellData is written over it: the value and the number format, each where fields names it. */
    private static Cell cell(Cell old, Map<String, Object> data, String fields, String where) throws Refusal {
        List<String> names = Arrays.stream(fields.split(",")).map(String::trim).toList();
        boolean all = names.contains("*");
        boolean value = all || names.stream().anyMatch(name -> name.startsWith("userEnteredValue"));
        boolean format = all || names.stream().anyMatch(name -> name.startsWith("userEnteredFormat"));
        Object newValue = old.value();
        String type = old.formatType();
        String pattern = old.pattern();
        if (value) {
            Map<String, Object> entered = data == null ? null : map(data.get("userEnteredValue"));
            newValue = entered == null ? null : extendedValue(entered, where);
        }
        if (format) {
            Map<String, Object> entered = data == null ? null : map(data.get("userEnteredFormat"));
            Map<String, Object> numberFormat = entered == null ? null : map(entered.get("numberFormat"));
            type = numberFormat == null ? null : (String) numberFormat.get("type");
            pattern = numberFormat == null ? null : (String) numberFormat.get("pattern");
        }
        return new Cell(newValue, type, pattern);
    }

    private static Object extendedValue(Map<String, Object> value, String where) throws Refusal {
        if (value.get("stringValue") instanceof String text) {
            if (text.length() > MAX_CELL_CHARACTERS) {
                throw tooLong();
            }
            return text;
        }
        if (value.get("numberValue") instanceof Number number) {
            return decimal(number);
        }
        if (value.get("boolValue") instanceof Boolean flag) {
            return flag;
        }
        if (value.get("formulaValue") instanceof String formula) {
            return formula;
        }
        if (!value.isEmpty()) {
            throw invalidArgument(where + "unsupported value " + value.keySet());
        }
        return null;
    }

    // ---------------------------------------------------------------- ranges and values

    /**
     * Reads an A1 range: {@code Tab}, {@code 'My tab'!A1:C3}, {@code Tab!1:1}, {@code Tab!C:C}, {@code Tab!C2:C},
     * {@code Tab!A1} (one cell).
     */
    private static Area area(String range) throws Refusal {
        int bang = range.lastIndexOf('!');
        String tab = tabOf(range);
        if (tab.isEmpty()) {
            throw invalidArgument("Unable to parse range: " + range);
        }
        if (bang < 0) {
            return new Area(tab, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
        String[] parts = range.substring(bang + 1).split(":", -1);
        if (parts.length > 2) {
            throw invalidArgument("Unable to parse range: " + range);
        }
        Matcher from = A1_PART.matcher(parts[0]);
        Matcher to = A1_PART.matcher(parts.length == 2 ? parts[1] : parts[0]);
        if (!from.matches() || !to.matches() || parts[0].isEmpty()) {
            throw invalidArgument("Unable to parse range: " + range);
        }
        int firstColumn = from.group(1).isEmpty() ? 0 : columnIndex(from.group(1));
        int firstRow = from.group(2).isEmpty() ? 0 : Integer.parseInt(from.group(2)) - 1;
        int lastColumn = to.group(1).isEmpty() ? Integer.MAX_VALUE : columnIndex(to.group(1));
        int lastRow = to.group(2).isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(to.group(2)) - 1;
        if (parts.length == 1 && from.group(2).isEmpty()) {
            lastRow = Integer.MAX_VALUE;
        }
        return new Area(tab, firstRow, firstColumn, lastRow, lastColumn);
    }

    /** The tab of an A1 range: the part before '!', without surrounding single quotes; or the whole range. */
    private static String tabOf(String range) {
        int bang = range.lastIndexOf('!');
        String tab = bang < 0 ? range : range.substring(0, bang);
        if (tab.length() >= 2 && tab.startsWith("'") && tab.endsWith("'")) {
            tab = tab.substring(1, tab.length() - 1).replace("''", "'");
        }
        return tab;
    }

    private static String quotedTab(String tab) {
        return PLAIN_TAB_NAME.matcher(tab).matches() ? tab : "'" + tab.replace("'", "''") + "'";
    }

    private static boolean sameRange(String a, String b) {
        int bangA = a.lastIndexOf('!');
        int bangB = b.lastIndexOf('!');
        String cellsA = bangA < 0 ? "" : a.substring(bangA + 1);
        String cellsB = bangB < 0 ? "" : b.substring(bangB + 1);
        return tabOf(a).equals(tabOf(b)) && cellsA.equalsIgnoreCase(cellsB);
    }

    /** A1 column letters of a 1-based column number: 1 → A, 27 → AA. */
    private static String column(int number) {
        StringBuilder letters = new StringBuilder();
        for (int n = number; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }

    /** The 0-based index of A1 column letters: A → 0, AA → 26. */
    private static int columnIndex(String letters) {
        int number = 0;
        for (char letter : letters.toUpperCase().toCharArray()) {
            number = number * 26 + (letter - 'A' + 1);
        }
        return number - 1;
    }

    /** A number as Sheets keeps it: a double's value, shown without trailing zeros (612661.0 is 612661). */
    private static BigDecimal decimal(Number number) {
        BigDecimal value = number instanceof BigDecimal decimal ? decimal
                : number instanceof BigInteger integer ? new BigDecimal(integer) : new BigDecimal(number.toString());
        value = value.stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0, RoundingMode.UNNECESSARY) : value;
    }

    /** A date serial number as text, by a Sheets pattern such as {@code yyyy-mm-dd hh:mm:ss} or {@code yyyy-mm-dd}. */
    private static String formatDate(BigDecimal serial, String pattern) {
        long days = serial.setScale(0, RoundingMode.FLOOR).longValueExact();
        long seconds = serial.subtract(BigDecimal.valueOf(days)).multiply(BigDecimal.valueOf(86_400))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        LocalDateTime time = SERIAL_ZERO.plusDays(days).atStartOfDay().plusSeconds(seconds);
        int space = pattern.indexOf(' ');
        String datePart = space < 0 ? pattern : pattern.substring(0, space);
        String timePart = space < 0 ? "" : pattern.substring(space);
        String java = datePart.replace("mm", "MM") + timePart.replace("hh", "HH");
        return time.format(DateTimeFormatter.ofPattern(java));
    }

    private static Map<String, Object> object(byte[] body) throws Refusal {
        Map<String, Object> object;
        try {
            object = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw invalidArgument("Invalid JSON payload received. " + e.getMessage());
        }
        if (object == null) {
            throw invalidArgument("Invalid JSON payload received. Expected an object.");
        }
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    private static Integer integer(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    // ---------------------------------------------------------------- errors

    private static Refusal invalidArgument(String message) {
        return new Refusal(new Answer(400, googleError(400, message, "badRequest", "INVALID_ARGUMENT")));
    }

    private static Refusal tooLong() {
        return invalidArgument("Your input contains more than the maximum of " + MAX_CELL_CHARACTERS
                + " characters in a single cell.");
    }

    private static Refusal unauthenticated(String message, String bearerError) {
        String challenge = "Bearer realm=\"https://accounts.google.com/\""
                + (bearerError == null ? "" : ", error=\"" + bearerError + "\"");
        return new Refusal(new Answer(401, googleError(401, message, "authError", "UNAUTHENTICATED"),
                Map.of("WWW-Authenticate", challenge)));
    }

    private static Map<String, Object> plannedError(int status) {
        return switch (status) {
            case 400 -> googleError(status, "Invalid request.", "badRequest", "INVALID_ARGUMENT");
            case 401 -> googleError(status, "Request had invalid authentication credentials.", "authError",
                    "UNAUTHENTICATED");
            case 403 -> googleError(status, "The caller does not have permission", "forbidden", "PERMISSION_DENIED");
            case 404 -> googleError(status, "Requested entity was not found.", "notFound", "NOT_FOUND");
            case 429 -> googleError(status, WRITE_QUOTA_MESSAGE, "rateLimitExceeded", "RESOURCE_EXHAUSTED");
            case 500 -> googleError(status, "Internal error encountered.", "backendError", "INTERNAL");
            case 503 -> googleError(status, "The service is currently unavailable.", "backendError", "UNAVAILABLE");
            case 504 -> googleError(status, "The request timed out.", "backendError", "DEADLINE_EXCEEDED");
            default -> googleError(status, "Error " + status, "unknown", "UNKNOWN");
        };
    }

    /** A Google API error body: {"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}. */
    private static Map<String, Object> googleError(int code, String message, String reason, String status) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("domain", "global");
        detail.put("reason", reason);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("errors", List.of(detail));
        error.put("status", status);
        return Map.of("error", error);
    }

    // ---------------------------------------------------------------- stats

    /** The figures of the calls that arrived at or after {@code since}, and the rows of every tab now. */
    private Map<String, Object> stats(Instant since) {
        List<Call> writes = writeCalls().stream().filter(call -> !call.at().isBefore(since)).toList();
        List<Call> reads = calls().stream().filter(call -> !call.write() && !call.at().isBefore(since)).toList();
        Map<String, Integer> byStatus = new TreeMap<>();
        writes.forEach(call -> byStatus.merge(String.valueOf(call.status()), 1, Integer::sum));
        Map<String, Integer> tabRows = new TreeMap<>();
        int rows = 0;
        synchronized (lock) {
            for (Map.Entry<String, Spreadsheet> spreadsheet : spreadsheets.entrySet()) {
                for (Tab tab : spreadsheet.getValue().tabs) {
                    if (tab.height() > 0) {
                        tabRows.put(spreadsheet.getKey() + "/" + tab.title, tab.height());
                        rows += tab.height();
                    }
                }
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("writeCalls", writes.size());
        stats.put("writeCallsByStatus", byStatus);
        stats.put("readCalls", reads.size());
        stats.put("appendedRows", writes.stream().mapToInt(Call::appendedRows).sum());
        stats.put("updatedRows", writes.stream().mapToInt(Call::updatedRows).sum());
        stats.put("rows", rows);
        stats.put("maxWritesInAnyMinute", mostInAnyMinute(writes));
        stats.put("maxReadsInAnyMinute", mostInAnyMinute(reads));
        stats.put("maxConcurrentWrites", maxConcurrentWrites());
        stats.put("firstWriteAt", writes.stream().map(Call::at).min(Instant::compareTo)
                .map(Instant::toString).orElse(null));
        stats.put("lastWriteAt", writes.stream().map(Call::at).max(Instant::compareTo)
                .map(Instant::toString).orElse(null));
        stats.put("tabs", tabRows);
        return stats;
    }

    // ---------------------------------------------------------------- HTTP helpers

    /** The request body, un-gzipped if it came with Content-Encoding: gzip (HttpServer has already de-chunked it). */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        return gzip ? gunzip(raw) : raw;
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, Object body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Decodes {@code a=1&b=x%20y&b=z} (a query string or a form body) into each name's values, in order. */
    private static Map<String, List<String>> decodeForm(String encoded) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    /** The first value of each name. */
    private static Map<String, String> first(Map<String, List<String>> fields) {
        Map<String, String> first = new LinkedHashMap<>();
        fields.forEach((name, values) -> first.put(name, values.get(0)));
        return first;
    }

    private static String firstOf(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Percent-decodes a path segment, where '+' is a plus sign, not a space. */
    private static String decodePathSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
