package io.hookbridge.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hookbridge.Settings;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One source for the defaults. {@code application.properties} holds every {@code hookbridge.*}
 * setting with its default, {@code docs/configuration.md} documents each one in a table row
 * ({@code | `key` | `default` or empty ... | meaning |}), and the code's own default, where it
 * writes one, is the same value.
 *
 * <p>A setting counts as read by the code when it appears in one of these shapes (found in the
 * sources, so a new setting is found without touching this test):
 * <ul>
 *   <li>a call of a reading method of {@link Settings} ({@code settings.duration("key", "30d")}),
 *       the key a string or a constant ({@code KEY}, {@code CheckCommand.SETTING});</li>
 *   <li>a call of a helper declared {@code (Settings settings, String key, T defaultValue)}
 *       ({@code positive(settings, "key", "10s")});</li>
 *   <li>a call of a helper declared {@code (Settings settings, String prefix, ...)} that reads
 *       {@code prefix + ".url"} and the like ({@code database(settings, "hookbridge.db", null)});</li>
 *   <li>a key built around a flow's name, {@code "hookbridge.flow." + flow + ".enabled"}, documented
 *       as {@code hookbridge.flow.<name>.enabled}: such per-flow settings have no line in
 *       application.properties (there is no flow to name there) but must have a row in
 *       docs/configuration.md;</li>
 *   <li>a placeholder {@code {{hookbridge.x}}}, {@code {{?hookbridge.x}}} or
 *       {@code {{hookbridge.x:default}}} in routes/, in application.properties or in a Java string;
 *       {@code resolveProperty("hookbridge.x")}; {@code @PropertyInject("hookbridge.x")}.</li>
 * </ul>
 * Other strings that start with {@code hookbridge.} (Micrometer metric names such as
 * {@code hookbridge.deliveries.pending}, file names such as {@code hookbridge.mv.db}, messages that
 * name a setting) are not reads, by their shape. A key held in a local variable
 * ({@code settings.text(key, "")}) is skipped: it is one of the shapes above seen from inside.
 *
 * <p>{@code camel.*} settings are documented in docs/configuration.md too but are Camel's: they are
 * not checked here.
 */
class SettingsCatalogTest {

    private static final Path PROPERTIES = Path.of("application.properties");
    private static final Path PROD_PROFILE = Path.of("application-prod.properties");
    private static final Path CONFIGURATION = Path.of("docs/configuration.md");
    private static final Path ENV_EXAMPLE = Path.of("deploy/hookbridge.env.example");
    private static final Path JAVA = Path.of("src/main/java");
    private static final Path ROUTES = Path.of("routes");

    /** Settings read with an empty default that means "unset", not "empty by default": why each is so. */
    private static final Map<String, String> NO_DEFAULT_IN_CODE = Map.of(
            "hookbridge.db.url", "the code stops the start when it is empty: the journal's URL comes only from the settings");

    /** The reading methods of Settings, each (String key, T defaultValue): text, integer, duration, ... */
    private static final String SETTINGS_METHODS = Arrays.stream(Settings.class.getDeclaredMethods())
            .filter(method -> java.lang.reflect.Modifier.isPublic(method.getModifiers()))
            .filter(method -> method.getParameterCount() == 2 && method.getParameterTypes()[0] == String.class)
            .map(Method::getName).sorted().collect(Collectors.joining("|"));
    /** A call of one of them on a Settings. */
    private static final Pattern SETTINGS_CALL = Pattern.compile("\\bsettings\\s*\\.\\s*(" + SETTINGS_METHODS + ")\\s*\\(");
    /** A call of one of them inside Settings itself (Settings.zone() reads hookbridge.time-zone). */
    private static final Pattern OWN_CALL = Pattern.compile("(?<![.\\w])(" + SETTINGS_METHODS + ")\\s*\\((?=\\s*\")");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\?)?(hookbridge\\.[\\w.-]+)(?::([^}]*))?}}");
    private static final Pattern RESOLVE_PROPERTY = Pattern.compile("resolveProperty\\(\\s*\"(hookbridge\\.[^\"]+)\"");
    private static final Pattern PROPERTY_INJECT = Pattern.compile(
            "@PropertyInject\\(\\s*(?:value\\s*=\\s*)?\"(hookbridge\\.[^\"]+)\"(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    private static final Pattern PER_FLOW = Pattern.compile("\"(hookbridge\\.[\\w.-]*\\.)\"\\s*\\+\\s*\\w+\\s*\\+\\s*\"(\\.[\\w-]+)\"");
    private static final Pattern KEY_HELPER = Pattern.compile(
            "(\\w+)\\(\\s*Settings\\s+\\w+\\s*,\\s*String\\s+key\\s*,\\s*[\\w<>]+\\s+defaultValue\\s*\\)\\s*\\{");
    private static final Pattern PREFIX_HELPER = Pattern.compile("(\\w+)\\(\\s*Settings\\s+(\\w+)\\s*,\\s*String\\s+prefix\\b[^)]*\\)\\s*\\{");
    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");
    private static final Pattern DOC_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|.*\\|\\s*$");
    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*(HOOKBRIDGE_[A-Z0-9_]+)=");

    /** Where a setting is read, and the default written there (null: none, or one computed at run time). */
    private record Read(String key, String defaultValue, String where) {
    }

    /** A row of docs/configuration.md: its default ("" for empty; null when the cell writes neither). */
    private record DocRow(String defaultValue, String cell, int line) {
    }

    private static List<String> sourceFiles;
    private static Map<String, String> constants;
    private static Set<String> keyHelpers;
    private static Map<String, List<String[]>> prefixHelpers;
    private static List<Read> reads;
    private static Map<String, String> properties;
    private static Map<String, DocRow> documented;

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(JAVA)) {
            sourceFiles = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        constants = constants();
        keyHelpers = helpers(KEY_HELPER);
        prefixHelpers = prefixHelpers();
        reads = new ArrayList<>();
        for (String file : sourceFiles) {
            readsInJava(Path.of(file), reads);
        }
        try (Stream<Path> files = Files.walk(ROUTES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                placeholders(file, Files.readString(file), reads);
            }
        }
        placeholders(PROPERTIES, Files.readString(PROPERTIES), reads);
        properties = properties(PROPERTIES);
        documented = documented();
    }

    @Test
    void the_scan_finds_the_settings_the_code_reads() {
        // guards the scan itself: these are read in each of the shapes it knows
        assertThat(readKeys()).contains("hookbridge.journal.retention", "hookbridge.ingress.header-timeout",
                "hookbridge.check", "hookbridge.sheets.service-account-key", "hookbridge.db.url", "hookbridge.sql.password",
                "hookbridge.flow.<name>.enabled", "hookbridge.flow.<name>.retry-schedule", "hookbridge.sheets.batch-size");
        assertThat(readKeys()).as("metric names are not settings").doesNotContain("hookbridge.deliveries.pending",
                "hookbridge.journal.up");
    }

    @Test
    void every_setting_the_code_reads_is_in_application_properties_and_documented() {
        List<String> problems = new ArrayList<>();
        for (String key : readKeys()) {
            String where = reads.stream().filter(read -> read.key().equals(key)).map(Read::where).findFirst().orElseThrow();
            if (!perFlow(key) && !properties.containsKey(key)) {
                problems.add(key + " (read at " + where + ") has no line in " + PROPERTIES
                        + ": add '" + key + " = <default>' (an empty value when it is empty by default)");
            }
            if (!documented.containsKey(key)) {
                problems.add(key + " (read at " + where + ") has no row in " + CONFIGURATION
                        + (perFlow(key) ? " (a per-flow setting: documented there, not in " + PROPERTIES + ")" : ""));
            }
        }
        none(problems);
    }

    @Test
    void every_default_is_the_same_in_application_properties_the_docs_and_the_code() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            DocRow row = documented.get(property.getKey());
            if (row == null) {
                continue;
            }
            if (row.defaultValue() == null) {
                problems.add(property.getKey() + ": the default cell in " + CONFIGURATION + ":" + row.line()
                        + " is '" + row.cell() + "'; write the default as `value` or as 'empty', then any words");
            } else if (!same(property.getValue(), row.defaultValue())) {
                problems.add(property.getKey() + ": default '" + property.getValue() + "' in " + PROPERTIES + ", but '"
                        + row.defaultValue() + "' in " + CONFIGURATION + ":" + row.line());
            }
        }
        for (Read read : reads) {
            if (read.defaultValue() == null || NO_DEFAULT_IN_CODE.containsKey(read.key())) {
                continue;
            }
            String property = properties.get(read.key());
            DocRow row = documented.get(read.key());
            if (property != null && !same(property, read.defaultValue())) {
                problems.add(read.key() + ": default '" + read.defaultValue() + "' in the code at " + read.where()
                        + ", but '" + property + "' in " + PROPERTIES + " (the source: make the code's default '"
                        + property + "')");
            } else if (property == null && row != null && row.defaultValue() != null
                    && !same(row.defaultValue(), read.defaultValue())) {
                problems.add(read.key() + ": default '" + read.defaultValue() + "' in the code at " + read.where()
                        + ", but '" + row.defaultValue() + "' in " + CONFIGURATION + ":" + row.line());
            }
        }
        none(problems);
    }

    @Test
    void every_setting_in_application_properties_and_in_the_docs_is_read_by_the_code() {
        Set<String> read = readKeys();
        List<String> problems = new ArrayList<>();
        for (String key : properties.keySet()) {
            if (!documented.containsKey(key)) {
                problems.add(key + " is in " + PROPERTIES + " but has no row in " + CONFIGURATION);
            }
        }
        for (Map.Entry<String, DocRow> row : documented.entrySet()) {
            if (!read.contains(row.getKey())) {
                problems.add(row.getKey() + " is documented in " + CONFIGURATION + ":" + row.getValue().line()
                        + " but nothing reads it");
            }
        }
        for (String key : properties.keySet()) {
            if (!read.contains(key)) {
                problems.add(key + " is in " + PROPERTIES + " but nothing reads it");
            }
        }
        none(problems);
    }

    @Test
    void the_production_profile_and_the_environment_example_name_known_settings() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String key : properties(PROD_PROFILE).keySet()) {
            if (!properties.containsKey(key)) {
                problems.add(key + " in " + PROD_PROFILE + " is not a setting of " + PROPERTIES);
            }
        }
        Map<String, String> byVariable = new HashMap<>();
        documented.keySet().forEach(key -> byVariable.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_"), key));
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            Matcher variable = ENV_LINE.matcher(line);
            if (variable.find() && !byVariable.containsKey(variable.group(1))) {
                problems.add(variable.group(1) + " in " + ENV_EXAMPLE + " sets no documented setting");
            }
        }
        none(problems);
    }

    private static void none(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) with the settings:\n  " + String.join("\n  ", problems));
        }
    }

    private static Set<String> readKeys() {
        return reads.stream().map(Read::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean perFlow(String key) {
        return key.contains("<name>");
    }

    /** Equal as written, or as numbers (100 and 100.0, 1_048_576 and 1048576). */
    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return new BigDecimal(a.replace("_", "")).compareTo(new BigDecimal(b.replace("_", ""))) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // --- the code

    private static void readsInJava(Path file, List<Read> into) throws IOException {
        String source = stripComments(Files.readString(file));
        String owner = className(file);
        Matcher call = (owner.equals(Settings.class.getSimpleName()) ? OWN_CALL : SETTINGS_CALL).matcher(source);
        while (call.find()) {
            List<String> arguments = arguments(source, call.end());
            addRead(into, key(arguments.get(0), owner, file, source, call.start()), literal(arguments.get(1), owner),
                    where(file, source, call.start()));
        }
        for (String helper : keyHelpers) {
            Matcher helperCall = Pattern.compile("\\b" + helper + "\\(\\s*settings\\s*,").matcher(source);
            while (helperCall.find()) {
                List<String> arguments = arguments(source, source.indexOf('(', helperCall.start()) + 1);
                addRead(into, key(arguments.get(1), owner, file, source, helperCall.start()), literal(arguments.get(2), owner),
                        where(file, source, helperCall.start()));
            }
        }
        for (Map.Entry<String, List<String[]>> helper : prefixHelpers.entrySet()) {
            Matcher helperCall = Pattern.compile("\\b" + helper.getKey() + "\\(\\s*settings\\s*,").matcher(source);
            while (helperCall.find()) {
                List<String> arguments = arguments(source, source.indexOf('(', helperCall.start()) + 1);
                String prefix = key(arguments.get(1), owner, file, source, helperCall.start());
                if (prefix == null) {
                    continue;
                }
                for (String[] suffixAndDefault : helper.getValue()) {
                    addRead(into, prefix + suffixAndDefault[0], suffixAndDefault[1], where(file, source, helperCall.start()));
                }
            }
        }
        Matcher perFlow = PER_FLOW.matcher(source);
        while (perFlow.find()) {
            into.add(new Read(perFlow.group(1) + "<name>" + perFlow.group(2), null, where(file, source, perFlow.start())));
        }
        Matcher resolve = RESOLVE_PROPERTY.matcher(source);
        while (resolve.find()) {
            into.add(new Read(resolve.group(1), null, where(file, source, resolve.start())));
        }
        Matcher inject = PROPERTY_INJECT.matcher(source);
        while (inject.find()) {
            into.add(new Read(inject.group(1), inject.group(2), where(file, source, inject.start())));
        }
        placeholders(file, source, into);
    }

    private static void addRead(List<Read> into, String key, String defaultValue, String where) {
        if (key != null && key.startsWith("hookbridge.")) {
            into.add(new Read(key, defaultValue, where));
        }
    }

    private static void placeholders(Path file, String text, List<Read> into) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            into.add(new Read(placeholder.group(2), placeholder.group(3), where(file, text, placeholder.start())));
        }
    }

    /**
     * The key an argument names: a string, or a constant of this class or another; null for a local
     * variable (a helper's own parameter, a key built in the line before: the other shapes find those).
     */
    private static String key(String argument, String owner, Path file, String source, int at) {
        if (argument.startsWith("\"")) {
            return literal(argument, owner);
        }
        if (argument.matches("[A-Z][A-Z0-9_]*")) {
            return constant(owner + "." + argument, file, source, at);
        }
        if (argument.matches("[A-Z]\\w*\\.[A-Z][A-Z0-9_]*")) {
            return constant(argument, file, source, at);
        }
        return null;
    }

    private static String constant(String name, Path file, String source, int at) {
        String value = constants.get(name);
        if (value == null) {
            throw new AssertionError("SettingsCatalogTest cannot tell which setting " + name + " names, at "
                    + where(file, source, at) + ": write it as a static final String of a literal, or teach the test");
        }
        return value;
    }

    /** The value a literal default writes ("30d", 1000, true, 0.2, a String constant), or null for an expression. */
    private static String literal(String argument, String owner) {
        String text = argument.trim();
        if (text.matches("\"([^\"\\\\]|\\\\.)*\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (text.matches("-?[0-9][0-9_]*(\\.[0-9]+)?[LlDd]?") ) {
            return text.replace("_", "").replaceAll("[LlDd]$", "");
        }
        if (text.equals("true") || text.equals("false")) {
            return text;
        }
        if (text.matches("[A-Z][A-Z0-9_]*")) {
            return constants.get(owner + "." + text);
        }
        if (text.matches("[A-Z]\\w*\\.[A-Z][A-Z0-9_]*")) {
            return constants.get(text);
        }
        return null;
    }

    /** Helpers declared with the given shape, by name, across the sources. */
    private static Set<String> helpers(Pattern declaration) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String file : sourceFiles) {
            Matcher helper = declaration.matcher(Files.readString(Path.of(file)));
            while (helper.find()) {
                names.add(helper.group(1));
            }
        }
        return names;
    }

    /** Helpers that read prefix + "suffix": their name, and the suffixes read with their defaults. */
    private static Map<String, List<String[]>> prefixHelpers() throws IOException {
        Map<String, List<String[]>> helpers = new LinkedHashMap<>();
        for (String file : sourceFiles) {
            String source = stripComments(Files.readString(Path.of(file)));
            String owner = className(Path.of(file));
            Matcher helper = PREFIX_HELPER.matcher(source);
            while (helper.find()) {
                String body = body(source, helper.end() - 1);
                Matcher read = Pattern.compile("\\b" + helper.group(2) + "\\s*\\.\\s*\\w+\\(").matcher(body);
                List<String[]> suffixes = new ArrayList<>();
                while (read.find()) {
                    List<String> arguments = arguments(body, read.end());
                    Matcher suffix = Pattern.compile("prefix\\s*\\+\\s*\"([^\"]+)\"").matcher(arguments.get(0));
                    if (arguments.size() == 2 && suffix.matches()) {
                        suffixes.add(new String[] {suffix.group(1), literal(arguments.get(1), owner)});
                    }
                }
                if (!suffixes.isEmpty()) {
                    helpers.put(helper.group(1), suffixes);
                }
            }
        }
        return helpers;
    }

    private static Map<String, String> constants() throws IOException {
        Map<String, String> found = new HashMap<>();
        for (String file : sourceFiles) {
            Matcher constant = CONSTANT.matcher(Files.readString(Path.of(file)));
            while (constant.find()) {
                found.put(className(Path.of(file)) + "." + constant.group(1), constant.group(2));
            }
        }
        return found;
    }

    /** The top-level arguments of a call whose arguments start at from (just after its opening parenthesis). */
    private static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        StringBuilder argument = new StringBuilder();
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i);
                argument.append(source, i, end + 1);
                i = end;
                continue;
            }
            if (depth == 0 && (c == ',' || c == ')')) {
                arguments.add(argument.toString().trim());
                argument.setLength(0);
                if (c == ')') {
                    return arguments;
                }
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            argument.append(c);
        }
        throw new IllegalStateException("no end of the call at " + from);
    }

    /** The block that starts at the brace at open. */
    private static String body(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i);
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(open, i + 1);
            }
        }
        throw new IllegalStateException("no end of the block at " + open);
    }

    private static int endOfLiteral(String source, int start) {
        char quote = source.charAt(start);
        for (int i = start + 1; i < source.length(); i++) {
            if (source.charAt(i) == '\\') {
                i++;
            } else if (source.charAt(i) == quote) {
                return i;
            }
        }
        return source.length() - 1;
    }

    /** The source with its comments blanked out (lengths kept, so that line numbers stay). */
    private static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source);
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i);
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
                blank(out, i, end);
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                blank(out, i, end);
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '\n') {
                text.setCharAt(i, ' ');
            }
        }
    }

    private static String className(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    private static String where(Path file, String text, int at) {
        return file + ":" + (text.substring(0, at).chars().filter(c -> c == '\n').count() + 1);
    }

    // --- application.properties and the docs

    private static Map<String, String> properties(Path file) throws IOException {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        }
        Map<String, String> settings = new java.util.TreeMap<>();
        loaded.stringPropertyNames().stream().filter(key -> key.startsWith("hookbridge."))
                .forEach(key -> settings.put(key, loaded.getProperty(key).trim()));
        return settings;
    }

    private static Map<String, DocRow> documented() throws IOException {
        Map<String, DocRow> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(CONFIGURATION);
        for (int i = 0; i < lines.size(); i++) {
            Matcher row = DOC_ROW.matcher(lines.get(i));
            if (!row.find() || !row.group(1).startsWith("hookbridge.")) {
                continue;
            }
            String cell = row.group(2).trim();
            String value = null;
            if (cell.startsWith("`")) {
                value = cell.substring(1, cell.indexOf('`', 1));
            } else if (cell.equals("empty") || cell.startsWith("empty ")) {
                value = "";
            }
            DocRow previous = rows.put(row.group(1), new DocRow(value, cell, i + 1));
            assertThat(previous).as(row.group(1) + " has two rows in " + CONFIGURATION + " (lines " + (previous == null
                    ? 0 : previous.line()) + " and " + (i + 1) + ")").isNull();
        }
        return rows;
    }
}
