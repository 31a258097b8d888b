package io.hookbridge.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The route files the bridge loads: those that {@code camel.main.routes-include-pattern} names
 * ({@code file:} patterns with {@code *} and {@code **}, comma-separated), less those of
 * {@code camel.main.routes-exclude-pattern}, in path order.
 */
public final class RouteFiles {

    private RouteFiles() {
    }

    public static List<Path> matching(String includePattern, String excludePattern) {
        Set<Path> files = new LinkedHashSet<>();
        for (String pattern : patterns(includePattern)) {
            files.addAll(find(pattern));
        }
        for (String pattern : patterns(excludePattern)) {
            find(pattern).forEach(files::remove);
        }
        return files.stream().sorted().toList();
    }

    private static List<String> patterns(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(pattern -> pattern.startsWith("file:"))
                .map(pattern -> pattern.substring("file:".length())).toList();
    }

    private static List<Path> find(String pattern) {
        int wildcard = pattern.indexOf('*');
        if (wildcard < 0) {
            Path file = Path.of(pattern).toAbsolutePath().normalize();
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }
        int cut = pattern.lastIndexOf('/', wildcard);
        Path base = Path.of(cut < 0 ? "." : pattern.substring(0, cut + 1)).toAbsolutePath().normalize();
        String relative = pattern.substring(cut + 1);
        // "**/" also matches no folder at all, as in Camel's own matching
        List<PathMatcher> matchers = List.of(FileSystems.getDefault().getPathMatcher("glob:" + relative),
                FileSystems.getDefault().getPathMatcher("glob:" + relative.replace("**/", "")));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            List<Path> found = new ArrayList<>();
            walk.filter(Files::isRegularFile).forEach(file -> {
                Path name = base.relativize(file);
                if (matchers.stream().anyMatch(matcher -> matcher.matches(name))) {
                    found.add(file.normalize());
                }
            });
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the route files under " + base, e);
        }
    }
}
