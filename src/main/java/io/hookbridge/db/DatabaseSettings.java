package io.hookbridge.db;

/** Where a database is, from the settings that name it ({@code <prefix>.url}, {@code .username}, {@code .password}). */
public record DatabaseSettings(String settingPrefix, String url, String username, String password) {

    public DatabaseSettings {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /** The URL with anything after a password-looking parameter hidden, fit for a log line. */
    public String safeUrl() {
        // to the next '&' only: PostgreSQL and MariaDB separate parameters with '&' alone, so a ';'
        // belongs to the password (on H2, whose parameters ';' separates, more is hidden than needed)
        return url.replaceAll("(?i)(password|pwd)=[^&]*", "$1=***");
    }
}
