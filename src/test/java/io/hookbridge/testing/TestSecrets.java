package io.hookbridge.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets every test configures, each a text that appears nowhere else, so that the captured
 * logs of the whole suite can be searched for them (see LogSecretsTest). Secrets made while the
 * tests run (a generated key, an issued access token) are added with {@link #register}.
 */
public final class TestSecrets {

    public static final String INGRESS_TOKEN = "tkn-Hb7Qv9Lm2Xw8Zr5Kp1Jd";
    public static final String ADMIN_TOKEN = "adm-Hb4Hs8Nd2Vc6Bq0Tf3";
    public static final String SIGNING_SECRET = "sig-Hb9Fj3Kx7Wm1Pz5Gy2";
    public static final String FORWARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "fwd-Hb6Lr2Cq8Ts4Vn0Wy9Xe3Ua7Io5P".getBytes(StandardCharsets.UTF_8));
    public static final String SHEETS_CLIENT_SECRET = "gcs-Hb2Rt6Yh1Lk5Mz9Qw";
    public static final String SHEETS_REFRESH_TOKEN = "grt-Hb8Ub4Ek0Pn3Sd7Xc";
    public static final String DATABASE_PASSWORD = "dbp-Hb5Wq1Zn7Ks3Ft9Jv";

    private static final Set<String> RUNTIME = ConcurrentHashMap.newKeySet();

    private TestSecrets() {
    }

    /** A secret made while the tests run, to be searched for too. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 12) {
            RUNTIME.add(secret);
        }
    }

    /** Every secret to search the logs for. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(List.of(INGRESS_TOKEN, ADMIN_TOKEN, SIGNING_SECRET, FORWARD_SECRET,
                FORWARD_SECRET.substring("whsec_".length()), SHEETS_CLIENT_SECRET, SHEETS_REFRESH_TOKEN,
                DATABASE_PASSWORD, MailServer.PASSWORD));
        all.addAll(RUNTIME);
        return all;
    }
}
