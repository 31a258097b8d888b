package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin console's files over real HTTP, on a bridge whose admin API is off: they are served
 * all the same, with their security headers, and the page says how to turn the API on.
 */
class AdminConsoleFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase db;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() {
        db = TestDatabase.embedded();
        bridge = RunningBridge.start(db, Map.of());
    }

    @AfterAll
    static void stop() {
        bridge.close();
        db.close();
    }

    private static HttpResponse<String> get(String path) {
        return RunningBridge.send(HttpRequest.newBuilder(bridge.uri(path)).GET());
    }

    @Test
    void should_serve_the_page_with_a_strict_policy_and_no_caching_while_the_admin_api_is_off() throws Exception {
        HttpResponse<String> page = get("/admin/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                "form-action 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        assertThat(page.body()).contains("hookbridge.admin.token", "HOOKBRIDGE_ADMIN_TOKEN")
                .contains("<script src=\"console.js\" defer></script>")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        // the token field has no name, and the form posts (never a GET with the token in the address)
        assertThat(page.body()).containsPattern("<form id=\"login\" method=\"post\"")
                .containsPattern("<input id=\"token\" type=\"password\"")
                .doesNotContainPattern("<input[^>]*id=\"token\"[^>]*\\sname=");

        HttpResponse<String> api = get("/admin/api/overview");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(api.body()).get("error").asText()).isEqualTo("admin_disabled");
    }

    @Test
    void should_serve_the_script_and_styles_with_their_types_and_the_same_headers() {
        for (Map.Entry<String, String> file : Map.of("/admin/console.js", "text/javascript; charset=utf-8",
                "/admin/console.css", "text/css; charset=utf-8", "/admin/favicon.svg", "image/svg+xml").entrySet()) {
            HttpResponse<String> response = get(file.getKey());

            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file.getKey()).hasValue(file.getValue());
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.body()).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
        }
        assertThat(get("/admin/console.js").body()).contains("sessionStorage", "'Bearer '")
                .doesNotContain("innerHTML", "localStorage", "eval(");
    }

    @Test
    void should_redirect_the_address_without_its_slash_and_refuse_anything_else() throws Exception {
        HttpResponse<String> bare = get("/admin");
        assertThat(bare.statusCode()).isEqualTo(308);
        assertThat(bare.headers().firstValue("Location")).hasValue("/admin/");

        for (String path : new String[] {"/admin/index.html", "/admin/secret.txt", "/admin/..%2Fapplication.properties",
                "/admin/api"}) {
            HttpResponse<String> missing = get(path);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).has("error")).as(path).isTrue();
        }
        HttpResponse<String> post = RunningBridge.send(HttpRequest.newBuilder(bridge.uri("/admin/"))
                .POST(HttpRequest.BodyPublishers.ofString("token=x")));
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(post.body()).get("error").asText()).isEqualTo("not_found");
    }
}
