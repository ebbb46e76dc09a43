package dev.gatehouse.router.difficulty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prompts with per-model correctness, read from routing CSVs in either layout:
 * <ul>
 * <li>RouteLLM: a {@code prompt} column and one True/False column per model; the group is the file's name;</li>
 * <li>RouterBench: {@code prompt}, {@code eval_name} (the group), per model a 0/1 score column {@code M} and a
 * {@code M|total_cost} column in USD; prompts are stored as a Python list literal of strings, which is unwrapped.</li>
 * </ul>
 * A directory means every {@code *.csv} in it, in name order. Models must be the same in every file.
 */
public final class RoutingTable {
    private static final Set<String> NOT_MODELS = Set.of("", "prompt", "sample_id", "eval_name", "oracle_model_to_route_to");

    private final List<String> models;
    private final List<Row> rows;
    private final List<Path> files;

    record Row(String prompt, String group, double[] scores, double[] costs) {}

    private RoutingTable(List<String> models, List<Row> rows, List<Path> files) {
        this.models = List.copyOf(models);
        this.rows = List.copyOf(rows);
        this.files = List.copyOf(files);
    }

    /** Reads a CSV file or every CSV in a directory; IllegalArgumentException names the file and what is wrong. */
    public static RoutingTable read(Path path) throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                files = listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            }
            if (files.isEmpty()) throw new IllegalArgumentException(path + ": no *.csv files in this directory");
        } else if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            throw new IllegalArgumentException(path + ": no such file or directory");
        }
        List<String> models = null;
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            var part = readFile(file);
            if (models == null) {
                models = part.models;
            } else if (!models.equals(part.models)) {
                throw new IllegalArgumentException(file + ": models " + part.models + " differ from " + models
                        + " in " + files.getFirst());
            }
            rows.addAll(part.rows);
        }
        return new RoutingTable(models, rows, files);
    }

    private static RoutingTable readFile(Path file) throws IOException {
        List<List<String>> records = CsvRows.parse(Files.readString(file), file.toString());
        if (records.isEmpty()) throw new IllegalArgumentException(file + ": empty file, expected a header with a prompt column");
        List<String> header = records.getFirst();
        int prompt = header.indexOf("prompt");
        if (prompt < 0) throw new IllegalArgumentException(file + ": no 'prompt' column in header " + header);
        int group = header.indexOf("eval_name");
        List<Integer> modelColumns = new ArrayList<>();
        List<Integer> costColumns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (NOT_MODELS.contains(name) || name.contains("|")) continue;
            modelColumns.add(c);
            costColumns.add(header.indexOf(name + "|total_cost"));
        }
        if (modelColumns.size() < 2) {
            throw new IllegalArgumentException(file + ": expected at least two model columns besides 'prompt', found " + header);
        }
        boolean routerBench = group >= 0;
        String fileGroup = file.getFileName().toString().replaceFirst("\\.csv$", "");
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() != header.size()) {
                throw new IllegalArgumentException(file + ": record " + r + " has " + record.size() + " fields, the header has "
                        + header.size());
            }
            double[] scores = new double[modelColumns.size()];
            double[] costs = new double[modelColumns.size()];
            for (int m = 0; m < scores.length; m++) {
                scores[m] = score(record.get(modelColumns.get(m)), file, r, header.get(modelColumns.get(m)));
                int cost = costColumns.get(m);
                costs[m] = cost < 0 || record.get(cost).isBlank() ? Double.NaN : Double.parseDouble(record.get(cost));
            }
            String text = routerBench ? PythonStringList.unwrap(record.get(prompt)) : record.get(prompt);
            rows.add(new Row(text, routerBench ? record.get(group) : fileGroup, scores, costs));
        }
        return new RoutingTable(modelColumns.stream().map(header::get).toList(), rows, List.of(file));
    }

    private static double score(String value, Path file, int record, String column) {
        return switch (value.trim()) {
            case "True", "true", "TRUE" -> 1;
            case "False", "false", "FALSE" -> 0;
            case "" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": record " + record + ", column '" + column
                            + "': expected True/False or a number, was '" + value + "'");
                }
            }
        };
    }

    public List<String> models() {
        return models;
    }

    public List<Path> files() {
        return files;
    }

    public int size() {
        return rows.size();
    }

    /** Mean score of a model over the rows where it has one. */
    public double accuracy(String model) {
        int m = index(model);
        return rows.stream().mapToDouble(r -> r.scores[m]).filter(s -> !Double.isNaN(s)).average().orElse(Double.NaN);
    }

    /** Mean cost per call of a model, NaN when the data has no costs. */
    public double meanCost(String model) {
        int m = index(model);
        return rows.stream().mapToDouble(r -> r.costs[m]).filter(s -> !Double.isNaN(s)).average().orElse(Double.NaN);
    }

    /** The strong model: the most accurate. */
    public String mostAccurate() {
        return models.stream().max(Comparator.comparingDouble(this::accuracy)).orElseThrow();
    }

    /** The weak model: the cheapest per call when the data has costs, else the least accurate. */
    public String defaultWeak() {
        boolean costs = models.stream().noneMatch(m -> Double.isNaN(meanCost(m)));
        return costs ? models.stream().min(Comparator.comparingDouble(this::meanCost)).orElseThrow()
                : models.stream().min(Comparator.comparingDouble(this::accuracy)).orElseThrow();
    }

    /** The rows as examples for one weak/strong pair; rows where either model has no score are left out. */
    public List<RoutingExample> pair(String weak, String strong) {
        int w = index(weak);
        int s = index(strong);
        if (w == s) throw new IllegalArgumentException("weak and strong model are the same: " + weak);
        return rows.stream().filter(r -> !Double.isNaN(r.scores[w]) && !Double.isNaN(r.scores[s]))
                .map(r -> new RoutingExample(r.prompt, r.group, r.scores[w], r.scores[s], r.costs[w], r.costs[s]))
                .toList();
    }

    /** Groups in order of first appearance. */
    public List<String> groups() {
        return List.copyOf(new LinkedHashSet<>(rows.stream().map(Row::group).toList()));
    }

    private int index(String model) {
        int i = models.indexOf(model);
        if (i < 0) throw new IllegalArgumentException("unknown model '" + model + "', expected one of " + models);
        return i;
    }
}
