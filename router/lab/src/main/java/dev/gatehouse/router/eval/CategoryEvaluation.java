package dev.gatehouse.router.eval;

import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.features.TaskClassifier.EmbeddedExample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Scores the task classifier on labelled prompts it was not fitted on, three ways: fitted on the policy's examples
 * alone (the shipped prior, plus the operator's files), with a share of the data added as operator examples
 * (k-fold cross-validation), and with every other source added (leave-one-source-out, when the data has several).
 * A prompt is never scored by a classifier that saw it: a data row equal to a policy example is left out entirely.
 */
public final class CategoryEvaluation {

    /** One protocol's result: the pooled scores and a line saying what was fitted on what. */
    public record Protocol(String name, String description, CategoryScores scores) {}

    private final List<EmbeddedExample> prior;
    private final List<EmbeddedExample> rows;
    private final List<String> sources;
    private final int excluded;

    /**
     * @param prior the policy's examples, embedded
     * @param data  the labelled prompts, embedded, with {@code sources.get(i)} the source of {@code data.get(i)}
     */
    public CategoryEvaluation(List<EmbeddedExample> prior, List<EmbeddedExample> data, List<String> sources) {
        Set<String> fitted = new HashSet<>();
        prior.forEach(e -> fitted.add(e.text().strip()));
        List<EmbeddedExample> kept = new ArrayList<>();
        List<String> keptSources = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (fitted.contains(data.get(i).text().strip())) continue;
            kept.add(data.get(i));
            keptSources.add(sources.get(i));
        }
        this.prior = List.copyOf(prior);
        this.rows = kept;
        this.sources = keptSources;
        this.excluded = data.size() - kept.size();
    }

    /** Data rows left out because a policy example has the same text. */
    public int excluded() {
        return excluded;
    }

    public int prompts() {
        return rows.size();
    }

    /** Rows per source, in first-seen order. */
    public Map<String, Integer> sources() {
        Map<String, Integer> out = new LinkedHashMap<>();
        sources.forEach(s -> out.merge(s, 1, Integer::sum));
        return out;
    }

    public List<Protocol> run(TaskClassifier.Method method, int folds) {
        List<Protocol> out = new ArrayList<>();
        out.add(new Protocol("prior", "fitted on the policy's " + prior.size() + " examples only, none of the data",
                heldOut(method, i -> true)));
        if (folds >= 2 && rows.size() >= folds) {
            CategoryScores pooled = new CategoryScores();
            for (int f = 0; f < folds; f++) {
                int fold = f;
                pooled.addAll(heldOut(method, i -> fold(i, folds) == fold));
            }
            out.add(new Protocol("crossValidation", folds + "-fold: the policy's examples plus " + (folds - 1) + "/"
                    + folds + " of the data as operator examples, scored on the other 1/" + folds, pooled));
        }
        Set<String> distinct = new TreeSet<>(sources);
        if (distinct.size() >= 2) {
            CategoryScores pooled = new CategoryScores();
            for (String source : distinct) pooled.addAll(heldOut(method, i -> sources.get(i).equals(source)));
            out.add(new Protocol("leaveOneSourceOut", "the policy's examples plus every other source, scored on the "
                    + "source left out (" + distinct.size() + " sources)", pooled));
        }
        return out;
    }

    /**
     * Mean time to classify one prompt whose embedding and content signals are known (what the request path adds to
     * them), with the prior fitted by the method; each row classified {@code rounds} times after one warm-up pass.
     */
    public double classifyMicros(TaskClassifier.Method method, int rounds) {
        TaskClassifier classifier = TaskClassifier.fit(prior, method);
        int sink = 0;
        for (EmbeddedExample row : rows) sink += classifier.classify(row.text(), row.embedding()).category().length();
        // the request path hands in the code and math signals it computed anyway; they only add a constant
        long started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (EmbeddedExample row : rows) {
                sink += classifier.classify(row.text(), row.embedding(), false, false).category().length();
            }
        }
        long nanos = System.nanoTime() - started;
        return sink < 0 || rows.isEmpty() ? 0 : nanos / 1000.0 / rows.size() / rounds;
    }

    /** Fits on the prior plus every row not tested, scores the tested rows. */
    private CategoryScores heldOut(TaskClassifier.Method method, IntPredicate tested) {
        List<EmbeddedExample> fit = new ArrayList<>(prior);
        for (int i = 0; i < rows.size(); i++) if (!tested.test(i)) fit.add(rows.get(i));
        TaskClassifier classifier = TaskClassifier.fit(fit, method);
        CategoryScores scores = new CategoryScores();
        for (int i = 0; i < rows.size(); i++) {
            if (!tested.test(i)) continue;
            EmbeddedExample row = rows.get(i);
            scores.add(row.category(), classifier.classify(row.text(), row.embedding()).category());
        }
        return scores;
    }

    /** A fold from the text, not the row's position: files sorted by label would otherwise make unbalanced folds. */
    private int fold(int row, int folds) {
        return Math.floorMod(rows.get(row).text().hashCode() * 0x9E3779B9, folds);
    }
}
