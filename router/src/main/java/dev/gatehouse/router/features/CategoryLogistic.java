package dev.gatehouse.router.features;

/**
 * A multinomial logistic regression over a prompt's feature vector (its embedding plus cue bits), fitted on the
 * labelled examples. Nearest examples measure how alike two prompts are overall, which is mostly their topic; a
 * linear layer learns which directions of the embedding separate the task types it was shown (a family riddle from
 * chit-chat about family), so it carries over better to phrasings no example has.
 *
 * <p>Each category's examples weigh as much in total as any other's, so an operator who adds two hundred examples to
 * one category does not drown the rest. Fitting is full-batch accelerated gradient descent from zero: deterministic,
 * and well under a second for a few hundred examples, once per policy load.
 */
final class CategoryLogistic {
    private static final int STEPS = 300;
    /** Parts of the gradient summed in a fixed order: the same result on any machine, parallel where cores are. */
    private static final int GRADIENT_CHUNKS = 16;
    /** L2 penalty per weight: with a handful of examples per category the weights must stay small to generalise. */
    private static final double L2 = 1e-3;

    private final double[][] weights;
    private final double[] bias;
    private final double[] mean;
    private final double[] scale;

    private CategoryLogistic(double[][] weights, double[] bias, double[] mean, double[] scale) {
        this.weights = weights;
        this.bias = bias;
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * @param features  one vector per example, all the same length, in single precision: they are centred and scaled
     *                  here in place (the caller's rows are consumed). At the 20,000-example maximum of
     *                  {@code categoryExamples} with the stacked layer's ~2,450 inputs, double rows and a standardised
     *                  copy of them held about 780 MB at once; one float copy holds 200 MB, and the fit's sums stay in
     *                  double precision
     * @param blockStart where each block of the vector begins (the embedding at 0, then the cue bits): each block is
     *                  centred and scaled to unit total spread, so that ten cue bits do not outweigh 384 small
     *                  embedding components, nor the other way round
     * @param labels    the category index of each example, 0 to {@code categories - 1}
     */
    static CategoryLogistic fit(float[][] features, int[] blockStart, int[] labels, int categories) {
        int n = features.length;
        int d = features[0].length;
        double[] mean = new double[d];
        for (float[] x : features) for (int j = 0; j < d; j++) mean[j] += (double) x[j] / n;
        double[] scale = new double[d];
        for (int b = 0; b < blockStart.length; b++) {
            int from = blockStart[b];
            int to = b + 1 < blockStart.length ? blockStart[b + 1] : d;
            double spread = 0;
            for (float[] x : features) for (int j = from; j < to; j++) spread += (x[j] - mean[j]) * (x[j] - mean[j]);
            double s = spread == 0 ? 0 : Math.sqrt(n / spread);
            for (int j = from; j < to; j++) scale[j] = s;
        }
        float[][] xs = features;
        for (float[] x : xs) for (int j = 0; j < d; j++) x[j] = (float) ((x[j] - mean[j]) * scale[j]);
        int[] perCategory = new int[categories];
        for (int label : labels) perCategory[label]++;
        int present = 0;
        for (int count : perCategory) if (count > 0) present++;
        double[] sampleWeight = new double[n];
        for (int i = 0; i < n; i++) sampleWeight[i] = 1.0 / (perCategory[labels[i]] * (double) present);
        // the loss curves at most half the largest eigenvalue of the weighted second moment of the inputs (plus the
        // penalty): its inverse is a step that never overshoots
        double learningRate = 1 / (largestEigenvalue(xs, sampleWeight) + L2);

        // Nesterov's accelerated gradient: the same fixed number of steps reaches far closer to the optimum than
        // plain descent on these ill-conditioned inputs
        double[][] w = new double[categories][d];
        double[] b = new double[categories];
        double[][] lookW = new double[categories][d];
        double[] lookB = new double[categories];
        for (int step = 1; step <= STEPS; step++) {
            double[][] gw = new double[categories][d];
            double[] gb = new double[categories];
            gradient(xs, labels, sampleWeight, lookW, lookB, gw, gb);
            double momentum = (step - 1) / (step + 2.0);
            for (int c = 0; c < categories; c++) {
                double nb = lookB[c] - learningRate * gb[c];
                lookB[c] = nb + momentum * (nb - b[c]);
                b[c] = nb;
                for (int j = 0; j < d; j++) {
                    double nw = lookW[c][j] - learningRate * (gw[c][j] + L2 * lookW[c][j]);
                    lookW[c][j] = nw + momentum * (nw - w[c][j]);
                    w[c][j] = nw;
                }
            }
        }
        return new CategoryLogistic(w, b, mean, scale);
    }

    /**
     * The loss's gradient at ({@code w}, {@code b}) into {@code gw} and {@code gb}. The examples are split into a
     * fixed number of chunks summed in order, so the fit is the same on any number of cores; the chunks run in
     * parallel because at the 20,000-example maximum with the stacked layer's inputs one thread took six minutes
     * (300 steps × 20,000 × 8 categories × 2,450 inputs, twice); two cores take 206 s (random unit embeddings,
     * eight categories, 2026-12-07), and the time falls with the cores a server has.
     */
    private static void gradient(float[][] xs, int[] labels, double[] sampleWeight, double[][] w, double[] b,
            double[][] gw, double[] gb) {
        int n = xs.length;
        int chunks = Math.min(GRADIENT_CHUNKS, Math.max(1, n / 64));
        double[][][] partW = new double[chunks][][];
        double[][] partB = new double[chunks][];
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
            double[][] cw = new double[gw.length][gw[0].length];
            double[] cb = new double[gb.length];
            double[] p = new double[gb.length];
            for (int i = (int) ((long) n * k / chunks), end = (int) ((long) n * (k + 1) / chunks); i < end; i++) {
                probabilities(w, b, xs[i], p);
                float[] x = xs[i];
                for (int c = 0; c < cb.length; c++) {
                    double g = sampleWeight[i] * (p[c] - (labels[i] == c ? 1 : 0));
                    cb[c] += g;
                    double[] row = cw[c];
                    for (int j = 0; j < x.length; j++) row[j] += g * x[j];
                }
            }
            partW[k] = cw;
            partB[k] = cb;
        });
        for (int k = 0; k < chunks; k++) {
            for (int c = 0; c < gb.length; c++) {
                gb[c] += partB[k][c];
                double[] into = gw[c];
                double[] from = partW[k][c];
                for (int j = 0; j < into.length; j++) into[j] += from[j];
            }
        }
    }

    /** Power iteration on the weighted second moment {@code sum w_i x_i x_i^T}, without forming it. */
    private static double largestEigenvalue(float[][] xs, double[] weight) {
        int d = xs[0].length;
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1 / Math.sqrt(d));
        double lambda = 0;
        for (int iteration = 0; iteration < 30; iteration++) {
            double[] next = new double[d];
            for (int i = 0; i < xs.length; i++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += xs[i][j] * v[j];
                double f = weight[i] * dot;
                for (int j = 0; j < d; j++) next[j] += f * xs[i][j];
            }
            double norm = 0;
            for (double x : next) norm += x * x;
            norm = Math.sqrt(norm);
            if (norm == 0) return 1;
            lambda = norm;
            for (int j = 0; j < d; j++) v[j] = next[j] / norm;
        }
        return lambda;
    }

    /** The probability of each category for one feature vector. */
    double[] probabilities(double[] features) {
        float[] x = new float[features.length]; // standardised as the training rows were, in single precision
        for (int j = 0; j < x.length; j++) x[j] = (float) ((features[j] - mean[j]) * scale[j]);
        double[] p = new double[bias.length];
        probabilities(weights, bias, x, p);
        return p;
    }

    private static void probabilities(double[][] w, double[] b, float[] x, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < out.length; c++) {
            double z = b[c];
            double[] row = w[c];
            for (int j = 0; j < x.length; j++) z += row[j] * x[j];
            out[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < out.length; c++) out[c] /= sum;
    }
}
