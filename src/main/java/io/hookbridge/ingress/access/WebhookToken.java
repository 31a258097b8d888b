package io.hookbridge.ingress.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import io.hookbridge.logging.LogRedaction;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The secret last segment of the automation-rule webhook address, {@code /webhooks/systeme/<token>}
 * (systeme.io's automation rules only take a URL, so the secret goes in it). From
 * {@code hookbridge.ingress.token}, or generated once into the data directory. A configured
 * token is never printed; a generated one is shown once, on the console, when it is created.
 */
public final class WebhookToken {

    public static final String SETTING = "hookbridge.ingress.token";
    static final String FILE_NAME = "webhook-token";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._~-]{20,200}");

    private final SecretMatcher matcher;
    private final String origin;

    private WebhookToken(String token, String origin) {
        LogRedaction.addSecrets(List.of(token));
        this.matcher = new SecretMatcher(token);
        this.origin = origin;
    }

    /**
     * The configured token, or the one kept in {@code dataDir}, created (and shown through
     * {@code console} with the full address to paste into systeme.io) when there is none yet.
     */
    public static WebhookToken resolve(String configured, Path dataDir, String webhookBaseUrl, Consumer<String> console) {
        if (configured != null && !configured.isEmpty()) {
            return new WebhookToken(checked(configured, SETTING), SETTING);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        try {
            if (Files.exists(file)) {
                return new WebhookToken(checked(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString()),
                        file.toString());
            }
            String token = generate();
            write(file, token);
            console.accept(firstStartBanner(webhookBaseUrl + token, file));
            return new WebhookToken(token, file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the webhook token in " + file + ": " + e.getMessage()
                    + " (make hookbridge.data-dir writable, or set " + SETTING + ")", e);
        }
    }

    public boolean matches(String presented) {
        return matcher.matches(presented);
    }

    /** Where the token comes from: the setting's name or the file's path (never the token). */
    public String origin() {
        return origin;
    }

    private static String checked(String token, String origin) {
        if (!ACCEPTABLE.matcher(token).matches()) {
            throw new IllegalArgumentException("the webhook token from " + origin + " must be 20 to 200 letters, digits,"
                    + " '-', '_', '.' or '~' (or leave " + SETTING + " empty to have one generated)");
        }
        return token;
    }

    private static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another process created " + file + " at the same time; start again", e);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }

    private static String firstStartBanner(String url, Path file) {
        String rule = "=".repeat(78);
        return String.join(System.lineSeparator(), rule,
                " Hookbridge generated its webhook address. In systeme.io, add a \"Send a webhook\" action",
                " to your automation rules with this URL (it contains a secret: keep it private):",
                "",
                "   " + url,
                "",
                " It is shown this once. The token is kept in " + file + ";",
                " set " + SETTING + " instead to choose it yourself.",
                rule);
    }
}
