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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
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
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for the Google Sheets v4 API and Google's OAuth2 token endpoint, close enough to them that the
 * real Google Java client ({@code Sheets} with google-auth-library credentials) appends rows to it. The product's
 * tests and the benchmark use it to prove that rows land exactly, in batches, and within the write quota.
 *
 * <p>It serves, on 127.0.0.1:
 * <ul>
 * <li>{@code POST /token}: the OAuth2 token endpoint, for JWT-bearer grants signed with a key written by
 * {@link #writeServiceAccountKey} and for refresh-token grants allowed by {@link #acceptRefreshToken};</li>
 * <li>{@code POST /v4/spreadsheets/{id}/values/{range}:append}: appends the rows of a ValueRange after the rows
 * already in the tab, for a bearer token issued by the token endpoint, within {@link #writesPerMinute} per
 * principal, unless {@link #down} or {@link #failNext} say otherwise;</li>
 * <li>{@code GET /_stats} and {@code GET /_rows?spreadsheetId=..&tab=..}: what the benchmark reads, without auth.</li>
 * </ul>
 * Requests are handled concurrently; every append request and token request is recorded.
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
    private static final String APPEND_PREFIX = "/v4/spreadsheets/";
    private static final String APPEND_SUFFIX = ":append";
    private static final Pattern PLAIN_TAB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> VALUE_INPUT_OPTIONS = Set.of("RAW", "USER_ENTERED");
    private static final String QUOTA_MESSAGE = "Quota exceeded for quota metric 'Write requests' and limit "
            + "'Write requests per minute per user' of service 'sheets.googleapis.com' for consumer "
            + "'project_number:000000000000'.";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One append request as received, and how it was answered.
     *
     * @param at when it arrived
     * @param spreadsheetId the decoded spreadsheet id path segment
     * @param range the decoded range path segment, e.g. {@code Sales!A:I}
     * @param query the decoded query parameters (an {@code access_token} sent in the URL shows here)
     * @param headers the request headers, looked up without regard to case
     * @param gzip whether the body came with {@code Content-Encoding: gzip}
     * @param chunked whether the body came with {@code Transfer-Encoding: chunked}
     * @param status the status it was answered with
     * @param rows how many rows the request carried (0 if its body could not be read), appended or not
     */
    public record AppendCall(Instant at, String spreadsheetId, String range, Map<String, String> query,
            Map<String, List<String>> headers, boolean gzip, boolean chunked, int status, int rows) {
    }

    /** One token request as received: its grant_type form field and the status it was answered with. */
    public record TokenRequest(Instant at, String grantType, int status) {
    }

    private record ServiceAccount(String email, String keyId, PublicKey publicKey) {
    }

    private record RefreshGrant(String clientId, String clientSecret, String refreshToken) {
    }

    private record IssuedToken(String principal, Instant expiresAt) {
    }

    private record TabKey(String spreadsheetId, String tab) {
    }

    /** What an append request is answered with. */
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

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ServiceAccount> serviceAccounts = new CopyOnWriteArrayList<>();
    private final Set<RefreshGrant> refreshGrants = ConcurrentHashMap.newKeySet();
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, AppendCall> appendCalls = new ConcurrentSkipListMap<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger concurrentAppends = new AtomicInteger();
    private final AtomicInteger maxConcurrentAppends = new AtomicInteger();
    private volatile boolean down;

    /** Guards the tabs, the quota windows and the planned failures. */
    private final Object lock = new Object();
    private final Map<TabKey, List<List<Object>>> tabs = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> acceptedWrites = new HashMap<>();
    private int writesPerMinute = 60;
    private int failuresLeft;
    private int failureStatus;
    private Map<String, String> failureHeaders = Map.of();

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
     * The most append requests accepted in any rolling 60 s per access-token principal (service-account email or
     * client id); beyond it an append gets 429 RESOURCE_EXHAUSTED, like Google. Default 60.
     */
    public void writesPerMinute(int limit) {
        synchronized (lock) {
            writesPerMinute = limit;
        }
    }

    /**
     * The next {@code count} append requests get this status with a Google-style JSON error body and
     * these extra response headers (e.g. 429 with Retry-After: 2, or 503). Nothing is appended for them.
     */
    public void failNext(int count, int status, Map<String, String> headers) {
        synchronized (lock) {
            failuresLeft = count;
            failureStatus = status;
            failureHeaders = Map.copyOf(headers == null ? Map.of() : headers);
        }
    }

    /** While down, every append request gets 503 UNAVAILABLE with a Google-style error body; nothing is appended. */
    public void down(boolean down) {
        this.down = down;
    }

    /**
     * The cells of a tab, in row order, as appended: each cell as the JSON value received (String,
     * {@link BigDecimal} for any number, Boolean; JSON null as null). Empty for a tab never appended to.
     */
    public List<List<Object>> rows(String spreadsheetId, String tab) {
        synchronized (lock) {
            List<List<Object>> copy = new ArrayList<>();
            for (List<Object> row : tabs.getOrDefault(new TabKey(spreadsheetId, tab), List.of())) {
                copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
            return Collections.unmodifiableList(copy);
        }
    }

    /** Every append request received (answered with any status), in arrival order. */
    public List<AppendCall> appendCalls() {
        return List.copyOf(appendCalls.values());
    }

    /** Every token request received, in the order they were answered. */
    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** The largest number of append requests (any status) whose arrival times fall within one 60 s window. */
    public int maxAppendsInAnyMinute() {
        List<Instant> times = appendCalls.values().stream().map(AppendCall::at).sorted().toList();
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

    /** The largest number of append requests that were being handled at the same moment. */
    public int maxConcurrentAppends() {
        return maxConcurrentAppends.get();
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

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (method.equals("POST") && path.equals("/token")) {
                handleToken(exchange);
            } else if (method.equals("POST") && path.startsWith(APPEND_PREFIX) && path.endsWith(APPEND_SUFFIX)) {
                handleAppend(exchange);
            } else if (method.equals("GET") && path.equals("/_stats")) {
                send(exchange, 200, stats(), Map.of());
            } else if (method.equals("GET") && path.equals("/_rows")) {
                Map<String, String> query = decodeForm(exchange.getRequestURI().getRawQuery());
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

    // ---------------------------------------------------------------- token endpoint

    private void handleToken(HttpExchange exchange) throws IOException {
        Instant now = Instant.now();
        Map<String, String> form = decodeForm(new String(readBody(exchange), StandardCharsets.UTF_8));
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

    // ---------------------------------------------------------------- append

    private void handleAppend(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        long arrival = arrivals.incrementAndGet();
        maxConcurrentAppends.accumulateAndGet(concurrentAppends.incrementAndGet(), Math::max);
        try {
            String rest = exchange.getRequestURI().getRawPath().substring(APPEND_PREFIX.length());
            int values = rest.indexOf("/values/");
            String spreadsheetId = values < 0 ? "" : decodePathSegment(rest.substring(0, values));
            String range = values < 0 ? ""
                    : decodePathSegment(rest.substring(values + "/values/".length(),
                            rest.length() - APPEND_SUFFIX.length()));
            Map<String, String> query = decodeForm(exchange.getRequestURI().getRawQuery());
            Headers requestHeaders = exchange.getRequestHeaders();
            boolean gzip = "gzip".equalsIgnoreCase(requestHeaders.getFirst("Content-Encoding"));
            String transferEncoding = requestHeaders.getFirst("Transfer-Encoding");
            boolean chunked = transferEncoding != null && transferEncoding.toLowerCase().contains("chunked");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            requestHeaders.forEach((name, list) -> headers.put(name, List.copyOf(list)));

            byte[] body = exchange.getRequestBody().readAllBytes();
            List<List<Object>> rows = null;
            Refusal badBody = null;
            try {
                rows = parseValues(gzip ? gunzip(body) : body, range);
            } catch (Refusal refusal) {
                badBody = refusal;
            } catch (IOException e) {
                badBody = invalidArgument("Content-Encoding is gzip but the body is not: " + e.getMessage());
            }
            Answer answer;
            try {
                answer = append(requestHeaders.getFirst("Authorization"), spreadsheetId, range, query, rows, badBody);
            } catch (Refusal refusal) {
                answer = refusal.answer;
            }
            appendCalls.put(arrival, new AppendCall(at, spreadsheetId, range, Collections.unmodifiableMap(query),
                    Collections.unmodifiableMap(headers), gzip, chunked, answer.status(),
                    rows == null ? 0 : rows.size()));
            send(exchange, answer.status(), answer.body(), answer.headers());
        } finally {
            concurrentAppends.decrementAndGet();
        }
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

    /**
     * Answers an append request: 503 while down, then a planned failure, then 401 without a valid token, then 400
     * for a bad body or bad parameters, then 429 beyond the quota; else the rows are appended after the tab's rows.
     */
    private Answer append(String authorization, String spreadsheetId, String range, Map<String, String> query,
            List<List<Object>> rows, Refusal badBody) throws Refusal {
        if (down) {
            throw new Refusal(new Answer(503, googleError(503, "The service is currently unavailable.",
                    "backendError", "UNAVAILABLE")));
        }
        synchronized (lock) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new Refusal(new Answer(failureStatus, plannedError(failureStatus), failureHeaders));
            }
        }
        String principal = principal(authorization, query.get("access_token"));
        String tab = tabOf(range);
        String valueInputOption = query.get("valueInputOption");
        if (badBody != null) {
            throw badBody;
        }
        if (spreadsheetId.isEmpty() || tab.isEmpty()) {
            throw invalidArgument("Unable to parse range: " + range);
        }
        if (valueInputOption == null) {
            throw invalidArgument("'valueInputOption' is required but not specified");
        }
        if (!VALUE_INPUT_OPTIONS.contains(valueInputOption)) {
            throw invalidArgument("Invalid value at 'value_input_option': \"" + valueInputOption + "\"");
        }
        synchronized (lock) {
            Deque<Instant> window = acceptedWrites.computeIfAbsent(principal, p -> new ArrayDeque<>());
            Instant now = Instant.now();
            while (!window.isEmpty() && !window.peekFirst().plus(MINUTE).isAfter(now)) {
                window.removeFirst();
            }
            if (window.size() >= writesPerMinute) {
                throw new Refusal(new Answer(429, googleError(429, QUOTA_MESSAGE, "rateLimitExceeded",
                        "RESOURCE_EXHAUSTED")));
            }
            window.addLast(now);
            List<List<Object>> sheet = tabs.computeIfAbsent(new TabKey(spreadsheetId, tab), k -> new ArrayList<>());
            int tableWidth = sheet.stream().mapToInt(List::size).max().orElse(0);
            int tableHeight = sheet.size();
            sheet.addAll(rows);
            int width = rows.stream().mapToInt(List::size).max().orElse(0);
            return new Answer(200, appendResponse(spreadsheetId, tab, tableHeight, tableWidth, rows.size(), width));
        }
    }

    private static Map<String, Object> appendResponse(String spreadsheetId, String tab, int tableHeight,
            int tableWidth, int rows, int width) {
        String sheet = PLAIN_TAB_NAME.matcher(tab).matches() ? tab : "'" + tab.replace("'", "''") + "'";
        Map<String, Object> updates = new LinkedHashMap<>();
        updates.put("spreadsheetId", spreadsheetId);
        if (rows > 0) {
            int from = tableHeight + 1;
            int to = tableHeight + rows;
            updates.put("updatedRange", sheet + "!A" + from + ":" + column(Math.max(width, 1)) + to);
            updates.put("updatedRows", rows);
            updates.put("updatedColumns", width);
            updates.put("updatedCells", rows * width);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("spreadsheetId", spreadsheetId);
        if (tableHeight > 0) {
            response.put("tableRange", sheet + "!A1:" + column(Math.max(tableWidth, 1)) + tableHeight);
        }
        response.put("updates", updates);
        return response;
    }

    /** Reads the rows of a ValueRange body: cells as String, BigDecimal, Boolean or null. */
    private static List<List<Object>> parseValues(byte[] body, String urlRange) throws Refusal {
        Map<String, Object> valueRange;
        try {
            valueRange = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw invalidArgument("Invalid JSON payload received. " + e.getMessage());
        }
        if (valueRange == null) {
            throw invalidArgument("Invalid JSON payload received. Expected a ValueRange object.");
        }
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
                    cell = number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
                } else if (cell != null && !(cell instanceof String) && !(cell instanceof Boolean)) {
                    throw invalidArgument("Invalid values[" + r + "][" + c + "]: "
                            + (cell instanceof List ? "list_value" : "struct_value"));
                } else if (cell instanceof String text && text.length() > MAX_CELL_CHARACTERS) {
                    throw invalidArgument("Your input contains more than the maximum of " + MAX_CELL_CHARACTERS
                            + " characters in a single cell.");
                }
                row.add(cell);
            }
            rows.add(row);
        }
        return rows;
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

    // ---------------------------------------------------------------- errors

    private static Refusal invalidArgument(String message) {
        return new Refusal(new Answer(400, googleError(400, message, "badRequest", "INVALID_ARGUMENT")));
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
            case 429 -> googleError(status, QUOTA_MESSAGE, "rateLimitExceeded", "RESOURCE_EXHAUSTED");
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

    private Map<String, Object> stats() {
        List<AppendCall> calls = appendCalls();
        Map<String, Integer> byStatus = new TreeMap<>();
        calls.forEach(call -> byStatus.merge(String.valueOf(call.status()), 1, Integer::sum));
        Map<String, Integer> tabRows = new TreeMap<>();
        int rows = 0;
        synchronized (lock) {
            for (Map.Entry<TabKey, List<List<Object>>> tab : tabs.entrySet()) {
                tabRows.put(tab.getKey().spreadsheetId() + "/" + tab.getKey().tab(), tab.getValue().size());
                rows += tab.getValue().size();
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("appendCalls", calls.size());
        stats.put("appendRequestsByStatus", byStatus);
        stats.put("rows", rows);
        stats.put("maxAppendsInAnyMinute", maxAppendsInAnyMinute());
        stats.put("maxConcurrentAppends", maxConcurrentAppends());
        stats.put("firstAppendAt", calls.stream().map(AppendCall::at).min(Instant::compareTo)
                .map(Instant::toString).orElse(null));
        stats.put("lastAppendAt", calls.stream().map(AppendCall::at).max(Instant::compareTo)
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

    /** Decodes {@code a=1&b=x%20y} (a query string or a form body); the first of repeated names wins. */
    private static Map<String, String> decodeForm(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
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
