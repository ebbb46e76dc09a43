package dev.gatehouse.router.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A {@link KnnRouter} on disk: JSON with the targets, the chosen k, shrinkage and bar, and per labelled prompt its
 * embedding (base64 of little-endian floats) and outcomes (null = unknown). No prompt text: the embedding stands in.
 * Written to a temporary file and moved, so a reader never sees half an artifact.
 */
public final class KnnArtifact {
    public static final String FORMAT = "gatehouse-knn-router/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KnnArtifact() {}

    public static void save(KnnRouter router, String provenance, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("provenance", provenance);
        root.put("embedder", router.embedder());
        root.put("k", router.k());
        root.put("priorWeight", router.priorWeight());
        root.put("bar", router.bar());
        root.put("rule", router.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        router.targets().forEach(root.putArray("targets")::add);
        ArrayNode priors = root.putArray("priors");
        for (double p : router.priors()) {
            if (Double.isNaN(p)) priors.addNull(); else priors.add(p);
        }
        ArrayNode rows = root.putArray("rows");
        for (int i = 0; i < router.points().length; i++) {
            ObjectNode row = rows.addObject();
            var bytes = ByteBuffer.allocate(router.points()[i].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(router.points()[i]);
            row.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            ArrayNode outcomes = row.putArray("outcomes");
            for (double y : router.labels()[i]) {
                if (Double.isNaN(y)) outcomes.addNull(); else outcomes.add(y);
            }
            ArrayNode weights = row.putArray("weights"); // inverse propensities; an older artifact has none (all 1)
            for (double w : router.weights()[i]) weights.add(w);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads an artifact; IllegalArgumentException names the file and what is wrong with it. */
    public static KnnRouter load(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a JSON kNN router artifact");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + ": format '" + root.path("format").asText() + "', expected " + FORMAT);
        }
        List<String> targets = new ArrayList<>();
        root.path("targets").forEach(t -> targets.add(t.asText()));
        double[] priors = new double[targets.size()];
        for (int t = 0; t < priors.length; t++) priors[t] = nullable(root.path("priors").path(t));
        JsonNode rows = root.path("rows");
        float[][] points = new float[rows.size()][];
        double[][] labels = new double[rows.size()][targets.size()];
        double[][] weights = new double[rows.size()][targets.size()];
        for (int i = 0; i < rows.size(); i++) {
            var buffer = ByteBuffer.wrap(Base64.getDecoder().decode(rows.get(i).path("embedding").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            points[i] = new float[buffer.remaining()];
            buffer.get(points[i]);
            for (int t = 0; t < targets.size(); t++) {
                labels[i][t] = nullable(rows.get(i).path("outcomes").path(t));
                JsonNode w = rows.get(i).path("weights").path(t);
                weights[i][t] = w.isNumber() ? w.asDouble() : 1;
            }
        }
        return new KnnRouter(targets, points, labels, weights, root.path("k").asInt(), root.path("priorWeight").asDouble(),
                priors, root.path("bar").asDouble(), root.path("embedder").asText(), rule(file, root.path("rule")));
    }

    /** An artifact written before rules existed has none: it was trained for the cheapest-expected rule. */
    private static KnnRouter.Rule rule(Path file, JsonNode rule) {
        if (rule.isMissingNode() || rule.isNull()) return KnnRouter.Rule.CHEAPEST_EXPECTED;
        for (KnnRouter.Rule r : KnnRouter.Rule.values()) {
            if (r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(rule.asText())) return r;
        }
        throw new IllegalArgumentException(file + ": rule '" + rule.asText() + "', expected cheapest-expected or conservative");
    }

    private static double nullable(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
