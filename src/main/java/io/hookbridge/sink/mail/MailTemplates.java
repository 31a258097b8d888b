package io.hookbridge.sink.mail;

import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The FreeMarker templates of the email alerts, read from a folder operators edit
 * ({@code routes/templates/} by default; a changed file is picked up within seconds).
 *
 * <p>{@code .ftl} files are plain text (subject, text body); {@code .ftlh} files are HTML, where
 * every {@code ${...}} is HTML-escaped, so a contact named {@code <script>} stays text. A
 * template can neither create Java objects nor reach Java APIs.
 */
public final class MailTemplates {

    private final Configuration freemarker;
    private final Path folder;
    private final Map<String, Template> inline = new ConcurrentHashMap<>();

    public MailTemplates(Path folder) {
        this.folder = folder.toAbsolutePath();
        if (!Files.isDirectory(this.folder)) {
            throw new IllegalArgumentException("hookbridge.mail.templates: no folder " + this.folder);
        }
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        try {
            freemarker.setDirectoryForTemplateLoading(this.folder.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("hookbridge.mail.templates: cannot read " + this.folder, e);
        }
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setLocale(Locale.ROOT);
        freemarker.setNumberFormat("computer");
        freemarker.setTemplateUpdateDelayMilliseconds(2000);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
    }

    /** Whether the folder holds a template file of this name. */
    public boolean exists(String name) {
        return Files.isRegularFile(folder.resolve(name));
    }

    /** The folder's path of a template file, for messages. */
    public Path file(String name) {
        return folder.resolve(name);
    }

    /** Renders a template written inline (a flow's subject); a broken one fails naming what it is, in one line. */
    public String renderText(String what, String text, Map<String, Object> model) {
        try {
            Template template = inline.computeIfAbsent(text, source -> {
                try {
                    return new Template(what, new StringReader(source), freemarker);
                } catch (IOException e) {
                    throw new InlineTemplateException(e);
                }
            });
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (InlineTemplateException e) {
            throw new IllegalArgumentException("the mail " + what + " '" + text + "': " + problem(e.getCause()), e);
        } catch (IOException | TemplateException e) {
            throw new IllegalArgumentException("the mail " + what + " '" + text + "': " + problem(e), e);
        }
    }

    /** Renders {@code name} (a file in the folder) with this model; a missing or broken template fails naming it, in one line. */
    public String render(String name, Map<String, Object> model) {
        try {
            Template template = freemarker.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalArgumentException("mail template " + folder.resolve(name) + ": " + problem(e), e);
        }
    }

    /**
     * What is wrong, in one line and without FreeMarker's tips: the value that is missing, or the
     * syntax error, and where ("event.emial is missing, at line 1, column 12").
     */
    static String problem(Throwable failure) {
        if (failure instanceof InvalidReferenceException missing && missing.getBlamedExpressionString() != null) {
            return missing.getBlamedExpressionString() + " is missing" + at(missing.getLineNumber(), missing.getColumnNumber());
        }
        if (failure instanceof ParseException syntax) {
            return "syntax error" + at(syntax.getLineNumber(), syntax.getColumnNumber()) + ": "
                    + firstLine(syntax.getEditorMessage());
        }
        if (failure instanceof TemplateException broken) {
            return firstLine(broken.getMessageWithoutStackTop()) + at(broken.getLineNumber(), broken.getColumnNumber());
        }
        return firstLine(failure.getMessage());
    }

    private static String at(Integer line, Integer column) {
        return line == null || line <= 0 ? "" : ", at line " + line + (column == null || column <= 0 ? "" : ", column " + column);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
    }

    /** A subject that does not parse, carried out of the cache's computation. */
    private static final class InlineTemplateException extends RuntimeException {
        InlineTemplateException(IOException cause) {
            super(cause);
        }
    }
}
