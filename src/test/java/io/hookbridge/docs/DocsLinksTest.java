package io.hookbridge.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation holds together: the README stays short enough to read in a few minutes, and
 * every relative link in README.md, SECURITY.md and docs/*.md reaches a file that exists, and,
 * when it names an anchor in a Markdown page, a heading of that page (GitHub's anchors: the
 * heading in lower case, punctuation dropped, spaces as hyphens).
 */
class DocsLinksTest {

    private static final Path README = Path.of("README.md");
    private static final int README_MOST_LINES = 200;
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void the_readme_is_at_most_200_lines() throws IOException {
        assertThat(Files.readAllLines(README).size()).as("lines of " + README + " (the rest belongs in docs/)")
                .isLessThanOrEqualTo(README_MOST_LINES);
    }

    @Test
    void every_relative_link_resolves() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            boolean inCode = false;
            for (int i = 0; i < lines.size(); i++) {
                if (FENCE.matcher(lines.get(i)).find()) {
                    inCode = !inCode;
                    continue;
                }
                if (inCode) {
                    continue;
                }
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String problem = problem(page, link.group(1));
                    if (problem != null) {
                        problems.add(page + ":" + (i + 1) + ": " + link.group(1) + ": " + problem);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " broken link(s):\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void anchors_are_made_as_github_makes_them() {
        assertThat(anchor("A flow's parameters")).isEqualTo("a-flows-parameters");
        assertThat(anchor("Deliveries, retries, dead letters")).isEqualTo("deliveries-retries-dead-letters");
        assertThat(anchor("The `camel run` launcher")).isEqualTo("the-camel-run-launcher");
        assertThat(anchor("The admin console's browser test")).isEqualTo("the-admin-consoles-browser-test");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README, Path.of("SECURITY.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** What is wrong with a link target, or null when it resolves (or is not relative). */
    private String problem(Path page, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file " + Path.of("").toAbsolutePath().relativize(file.toAbsolutePath());
        }
        if (fragment != null && file.toString().endsWith(".md") && !anchorsOf(file).contains(fragment)) {
            return "no heading with the anchor #" + fragment + " in " + file.getFileName();
        }
        return null;
    }

    private Set<String> anchorsOf(Path page) throws IOException {
        Path key = page.toAbsolutePath().normalize();
        Set<String> known = anchors.get(key);
        if (known == null) {
            known = new LinkedHashSet<>();
            boolean inCode = false;
            for (String line : Files.readAllLines(key)) {
                if (FENCE.matcher(line).find()) {
                    inCode = !inCode;
                }
                Matcher heading = HEADING.matcher(line);
                if (!inCode && heading.matches()) {
                    known.add(anchor(heading.group(1)));
                }
            }
            anchors.put(key, known);
        }
        return known;
    }

    /** GitHub's anchor of a heading: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
