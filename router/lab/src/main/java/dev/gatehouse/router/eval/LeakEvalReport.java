package dev.gatehouse.router.eval;

import dev.gatehouse.router.bench.BenchmarksFile;
import dev.gatehouse.router.privacy.DataClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The figures of one {@code eval leak} run: as text, as JSON and as a section of docs/BENCHMARKS.md. */
final class LeakEvalReport {
    /** Leaked sentences printed in full; the count covers all of them. */
    private static final int SHOWN = 40;

    private final Path data;
    private final Set<DataClass> approved;
    private final Path policy;
    private final LeakReplay.Result r;

    LeakEvalReport(Path data, Set<DataClass> approved, Path policy, LeakReplay.Result result) {
        this.data = data;
        this.approved = approved;
        this.policy = policy;
        this.r = result;
    }

    private String classes() {
        return approved.stream().map(DataClass::wireName).collect(Collectors.joining(","));
    }

    Map<String, Object> asJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("data", data.toString());
        root.put("approvedClasses", approved.stream().map(DataClass::wireName).toList());
        root.put("privacy", policy == null ? "shipped defaults" : policy.toString());
        root.put("sentences", r.sentences());
        root.put("withLabelledValues", r.withValues());
        root.put("reachedProvider", r.reachedProvider());
        root.put("leakedSentences", r.leaks().size());
        root.put("leakedByType", r.leakedByType());
        root.put("labelledByType", r.labelledByType());
        root.put("statuses", r.byStatus());
        root.put("leaked", r.leaks().stream().map(l -> Map.of("index", l.index(), "types", List.copyOf(l.types()),
                "text", l.text())).toList());
        return root;
    }

    String asText() {
        StringBuilder s = new StringBuilder();
        s.append("provider approved for ").append(classes()).append(": ").append(r.leaks().size())
                .append(" of ").append(r.withValues()).append(" sentences with labelled values leaked; ")
                .append(r.reachedProvider()).append(" of ").append(r.sentences())
                .append(" sentences reached the provider; statuses ").append(r.byStatus()).append('\n');
        s.append(typeTable());
        r.leaks().stream().limit(SHOWN).forEach(l -> s.append("  leaked #").append(l.index()).append(' ')
                .append(l.types()).append(": ").append(l.text().replace('\n', ' ')).append('\n'));
        if (r.leaks().size() > SHOWN) s.append("  ... and ").append(r.leaks().size() - SHOWN).append(" more (--json lists all)\n");
        return s.toString();
    }

    private String typeTable() {
        StringBuilder s = new StringBuilder("| type | sentences with it | leaked |\n|---|---|---|\n");
        r.labelledByType().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> s.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" | ")
                        .append(r.leakedByType().getOrDefault(e.getKey(), 0)).append(" |\n"));
        return s.toString();
    }

    void writeInto(Path markdown) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("## Leak replay: provider approved for `").append(classes()).append("`\n\n");
        s.append("Command: `./gatehouse eval leak --data ").append(data.getFileName()).append(" --classes ")
                .append(classes()).append(policy == null ? "" : " --policy " + policy.getFileName())
                .append(" --write-benchmarks docs/BENCHMARKS.md` (run ").append(LocalDate.now()).append("). Data: `")
                .append(data).append("`.\n\n");
        s.append("Method: a real server on a random loopback port, the shipped privacy settings")
                .append(policy == null ? "" : " of the given policy")
                .append(" (strict egress), one target: a model of a recording provider (a real HTTP server on loopback "
                        + "speaking the OpenAI format) approved for `").append(classes()).append("`, preferred for "
                        + "everything, and no local model, so whatever may not leave is refused. Each sentence is one "
                        + "chat request; a sentence leaked when any of its labelled values (every Presidio type) is in a "
                        + "message the provider received while it was in flight.\n\n");
        s.append("Result: **").append(r.leaks().size()).append(" of ").append(r.withValues())
                .append("** sentences with labelled values leaked; ").append(r.reachedProvider()).append(" of ")
                .append(r.sentences()).append(" sentences reached the provider (statuses ").append(r.byStatus())
                .append(").\n\n");
        s.append(typeTable());
        BenchmarksFile.writeSection(markdown, "leak-eval-" + classes().replace(',', '-'), s.toString());
    }
}
