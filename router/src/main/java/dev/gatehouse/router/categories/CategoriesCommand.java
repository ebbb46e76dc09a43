package dev.gatehouse.router.categories;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.decisionlog.LogKey;
import dev.gatehouse.router.features.CategoryExampleFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse categories add}: teaches the task classifier by appending labelled examples to a folder of
 * example files ({@link CategoryExampleFiles}), which the server reads with its policy ({@code categoryExamples:})
 * at startup and at every reload. Examples come from the command line, from a file of prompts, or from category
 * labels given as feedback ({@link FeedbackCategoryLabels}).
 */
@Command(name = "categories", description = "Teach the task classifier: add labelled example prompts.",
        subcommands = CategoriesCommand.Add.class)
public final class CategoriesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: add");
    }

    @Command(name = "add", description = "Append examples to DIR/<category>.jsonl; list DIR under categoryExamples: in the policy.")
    static final class Add implements Callable<Integer> {
        private static final Pattern CATEGORY_NAME = Pattern.compile("[a-z][a-z0-9_-]*");
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, description = "The folder of example files (created if missing).")
        Path dir;

        @Option(names = "--category", description = "The category of --prompt and --file examples.")
        String category;

        @Option(names = "--prompt", description = "One example prompt; repeat for several.")
        List<String> prompts = new ArrayList<>();

        @Option(names = "--file", description = "A file of example prompts, one per line (blank lines and # comments skipped).")
        Path file;

        @Option(names = "--feedback", description = "A decision log folder: examples from feedback labels 'category:<name>', matched to --prompts-file by the log's prompt HMAC.")
        Path feedback;

        @Option(names = "--prompts-file", description = "With --feedback: the texts of logged requests, one JSON string or {\"prompt\"} per line, or plain lines.")
        Path promptsFile;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String[]> added = new ArrayList<>(); // {category, prompt}
            if (!prompts.isEmpty() || file != null) {
                if (category == null || !CATEGORY_NAME.matcher(category).matches()) {
                    err.println("categories add: --category must be lower-case letters, digits, '-' and '_' "
                            + "(required with --prompt and --file)");
                    return 2;
                }
                List<String> texts = new ArrayList<>(prompts);
                if (file != null) {
                    if (!Files.isRegularFile(file)) {
                        err.println("categories add: --file: no such file: " + file);
                        return 2;
                    }
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (!line.isBlank() && !line.stripLeading().startsWith("#")) texts.add(line.strip());
                    }
                }
                texts.forEach(t -> added.add(new String[] {category, t}));
            }
            if (feedback != null) {
                if (promptsFile == null || !Files.isRegularFile(promptsFile)) {
                    err.println("categories add: --feedback needs --prompts-file, an existing file of request texts"
                            + " (the decision log keeps none)");
                    return 2;
                }
                var result = FeedbackCategoryLabels.match(feedback, LogKey.resolve(System.getenv(), feedback),
                        readPrompts(promptsFile));
                for (var l : result.examples()) {
                    if (!CATEGORY_NAME.matcher(l.category()).matches()) {
                        err.println("categories add: skipped the label of decision " + l.decisionId()
                                + ": 'category:" + l.category() + "' is no category name");
                        continue;
                    }
                    added.add(new String[] {l.category(), l.prompt()});
                }
                out.println("feedback: " + result.labels() + " category label(s), " + result.examples().size()
                        + " matched to a text, " + result.unmatched() + " logged request(s) with no text given");
            }
            if (added.isEmpty()) {
                err.println("categories add: nothing to add: give --category with --prompt or --file, or --feedback "
                        + "with --prompts-file");
                return 2;
            }
            for (String[] a : added) {
                if (a[1].length() > CategoryExampleFiles.MAX_EXAMPLE_CHARS) {
                    err.println("categories add: an example is at most " + CategoryExampleFiles.MAX_EXAMPLE_CHARS
                            + " characters, one was " + a[1].length());
                    return 2;
                }
            }
            Files.createDirectories(dir);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String[] a : added) {
                ObjectNode line = JSON.createObjectNode().put("category", a[0]).put("prompt", a[1]);
                Files.writeString(dir.resolve(a[0] + ".jsonl"), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                counts.merge(a[0], 1, Integer::sum);
            }
            out.println("added " + counts + " to " + dir.toAbsolutePath()
                    + "; the server learns them at its next start or reload when the policy lists this folder "
                    + "under categoryExamples:");
            return 0;
        }

        private static List<String> readPrompts(Path file) throws IOException {
            List<String> texts = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                String text = line;
                try {
                    var node = JSON.readTree(line);
                    if (node.isTextual()) text = node.asText();
                    else if (node.path("prompt").isTextual()) text = node.get("prompt").asText();
                } catch (IOException notJson) {
                    // a plain line is the text itself
                }
                texts.add(text);
            }
            return texts;
        }
    }
}
