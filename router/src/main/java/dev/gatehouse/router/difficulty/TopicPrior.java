package dev.gatehouse.router.difficulty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * How much the strong model gained, on average, on training prompts near each of K topic centroids of the embedding
 * space (spherical k-means). A linear model over the embedding draws one direction of "hard"; topics that are hard
 * for the weak model sit in separate pockets of the space, which a nearest-centroid lookup catches. Gains are shrunk
 * towards the overall mean in proportion to how few prompts a centroid has, so a pocket of five prompts says little.
 */
final class TopicPrior {
    /** Prompts' worth of the overall mean added to every centroid's gain. */
    static final double SMOOTHING = 20;
    /** Softmax temperature over cosine similarities of the nearest centroids. */
    static final double TEMPERATURE = 0.05;
    static final int NEAREST = 3;
    private static final int ITERATIONS = 20;

    private final float[][] centroids;
    private final double[] gains;

    TopicPrior(float[][] centroids, double[] gains) {
        if (centroids.length == 0 || centroids.length != gains.length) {
            throw new IllegalArgumentException("prior: " + centroids.length + " centroids and " + gains.length + " gains");
        }
        this.centroids = centroids;
        this.gains = gains;
    }

    /** Number of centroids for {@code rows} training prompts: about one per hundred, between 2 and 128. */
    static int clustersFor(int rows) {
        return Math.clamp(rows / 50, 2, 256);
    }

    /** Fits centroids to unit-length {@code vectors} and averages {@code gains} (strong − weak score) per centroid. */
    static TopicPrior fit(float[][] vectors, double[] gains, int clusters, long seed) {
        int k = Math.min(clusters, vectors.length);
        int dims = vectors[0].length;
        float[][] centres = seeds(vectors, k, new Random(seed));
        int[] owner = new int[vectors.length];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            for (int i = 0; i < vectors.length; i++) owner[i] = nearest(centres, vectors[i]);
            double[][] sums = new double[k][dims];
            int[] counts = new int[k];
            for (int i = 0; i < vectors.length; i++) {
                counts[owner[i]]++;
                for (int j = 0; j < dims; j++) sums[owner[i]][j] += vectors[i][j];
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) centres[c] = unit(sums[c]);
            }
        }
        double overall = Arrays.stream(gains).average().orElse(0);
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < vectors.length; i++) {
            sum[owner[i]] += gains[i];
            count[owner[i]]++;
        }
        double[] smoothed = new double[k];
        for (int c = 0; c < k; c++) smoothed[c] = (sum[c] + SMOOTHING * overall) / (count[c] + SMOOTHING);
        return new TopicPrior(centres, smoothed);
    }

    /**
     * k-means++ seeding: each next centre is drawn with probability proportional to the squared cosine distance to the
     * nearest centre so far, so small topics far from the big ones get a centre of their own.
     */
    private static float[][] seeds(float[][] vectors, int k, Random random) {
        float[][] centres = new float[k][];
        centres[0] = vectors[random.nextInt(vectors.length)].clone();
        double[] distance = new double[vectors.length];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < vectors.length; i++) {
                double d = Math.max(0, 1 - dot(centres[c - 1], vectors[i]));
                distance[i] = Math.min(distance[i], d * d);
                total += distance[i];
            }
            int pick = random.nextInt(vectors.length);
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < vectors.length; i++) {
                    target -= distance[i];
                    if (target <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centres[c] = vectors[pick].clone();
        }
        return centres;
    }

    /** The expected gain of the strong model for a prompt with this embedding. */
    double at(float[] embedding) {
        if (embedding.length != centroids[0].length) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, the prior "
                    + centroids[0].length);
        }
        int n = Math.min(NEAREST, centroids.length);
        int[] best = new int[n];
        double[] similarity = new double[n];
        Arrays.fill(similarity, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < centroids.length; c++) {
            double s = dot(centroids[c], embedding);
            for (int r = 0; r < n; r++) {
                if (s > similarity[r]) {
                    System.arraycopy(similarity, r, similarity, r + 1, n - r - 1);
                    System.arraycopy(best, r, best, r + 1, n - r - 1);
                    similarity[r] = s;
                    best[r] = c;
                    break;
                }
            }
        }
        double weighted = 0, total = 0;
        for (int r = 0; r < n; r++) {
            double w = Math.exp((similarity[r] - similarity[0]) / TEMPERATURE);
            weighted += w * gains[best[r]];
            total += w;
        }
        return weighted / total;
    }

    List<Double> gains() {
        return DifficultyModel.boxed(gains);
    }

    /** Centroids as base64 of little-endian float32, one string each: a third of the size of decimal JSON. */
    List<String> encodedCentroids() {
        var out = new ArrayList<String>(centroids.length);
        for (float[] c : centroids) {
            var buffer = ByteBuffer.allocate(c.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : c) buffer.putFloat(f);
            out.add(Base64.getEncoder().encodeToString(buffer.array()));
        }
        return out;
    }

    static TopicPrior decode(List<String> centroids, List<Double> gains) {
        float[][] vectors = new float[centroids.size()][];
        for (int c = 0; c < vectors.length; c++) {
            var buffer = ByteBuffer.wrap(Base64.getDecoder().decode(centroids.get(c))).order(ByteOrder.LITTLE_ENDIAN);
            vectors[c] = new float[buffer.remaining() / 4];
            for (int j = 0; j < vectors[c].length; j++) vectors[c][j] = buffer.getFloat();
        }
        return new TopicPrior(vectors, gains.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int nearest(float[][] centres, float[] v) {
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double s = dot(centres[c], v);
            if (s > bestSimilarity) {
                bestSimilarity = s;
                best = c;
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }

    private static float[] unit(double[] sum) {
        double norm = 0;
        for (double v : sum) norm += v * v;
        norm = Math.sqrt(norm);
        float[] out = new float[sum.length];
        for (int j = 0; j < sum.length; j++) out[j] = (float) (norm > 0 ? sum[j] / norm : 0);
        return out;
    }
}
