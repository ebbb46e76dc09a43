package dev.gatehouse.natives.llamacpp.gpucheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one run of the GPU check is asked to do, read from its command line and checked once.
 *
 * @param gpu           true for the GPU plan (models of GBs, contexts 4k/16k), false for the CPU smoke plan (tiny
 *                      models, small contexts) that proves the harness and the libraries on a machine without a GPU
 * @param generateOnly  write the models and stop (run.sh does this while llama.cpp compiles)
 * @param libs          the directory holding libggml-base.so, libggml.so and libllama.so as CMake builds them
 * @param models        where the generated models are written and reused from
 * @param out           where results.json and results.md go
 * @param nvmlLibrary   path or name of libnvidia-ml.so.1, or null to measure no VRAM
 * @param budgetSeconds wall-clock time the check may take; cases that would start past it are reported as skipped
 * @param modelMib      sizes of the generated F16 llama models, MiB of tensor data
 * @param contexts      context lengths each model is loaded with
 * @param decodeSeconds how long one generation decodes before it is cancelled
 * @param maxTokens     tokens one generation produces at most
 * @param threads       CPU threads llama.cpp uses per model
 */
record CheckOptions(boolean gpu, boolean generateOnly, Path libs, Path models, Path out, String nvmlLibrary,
                    int budgetSeconds, List<Integer> modelMib, List<Integer> contexts, double decodeSeconds,
                    int maxTokens, int threads) {

    static final String USAGE = """
            usage: GpuCheck --mode gpu|cpu-smoke --models DIR [--generate-only | --libs DIR --out DIR]
                            [--nvml LIB] [--budget-s N] [--models-mib A,B,..] [--contexts A,B,..]
                            [--decode-seconds S] [--max-tokens N] [--threads N]""";

    CheckOptions {
        require(models != null, "--models is required");
        require(generateOnly || libs != null && out != null, "--libs and --out are required unless --generate-only");
        require(budgetSeconds >= 1, "--budget-s must be >= 1, was " + budgetSeconds);
        require(!modelMib.isEmpty() && modelMib.stream().allMatch(m -> m >= 1),
                "--models-mib must list sizes >= 1 MiB, was " + modelMib);
        require(!contexts.isEmpty() && contexts.stream().allMatch(c -> c >= 256),
                "--contexts must list lengths >= 256, was " + contexts);
        require(decodeSeconds > 0, "--decode-seconds must be > 0, was " + decodeSeconds);
        require(maxTokens >= 2, "--max-tokens must be >= 2, was " + maxTokens);
        require(threads >= 1, "--threads must be >= 1, was " + threads);
        modelMib = List.copyOf(modelMib);
        contexts = List.copyOf(contexts);
    }

    static CheckOptions parse(String... args) {
        String mode = null;
        boolean generateOnly = false;
        Path libs = null;
        Path models = null;
        Path out = null;
        String nvml = null;
        Integer budget = null;
        List<Integer> mib = null;
        List<Integer> contexts = null;
        Double decode = null;
        Integer maxTokens = null;
        Integer threads = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--generate-only")) {
                generateOnly = true;
                continue;
            }
            require(i + 1 < args.length, flag + " needs a value\n" + USAGE);
            String value = args[++i];
            switch (flag) {
                case "--mode" -> mode = value;
                case "--libs" -> libs = Path.of(value);
                case "--models" -> models = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--nvml" -> nvml = value;
                case "--budget-s" -> budget = integer(flag, value);
                case "--models-mib" -> mib = integers(flag, value);
                case "--contexts" -> contexts = integers(flag, value);
                case "--decode-seconds" -> decode = number(flag, value);
                case "--max-tokens" -> maxTokens = integer(flag, value);
                case "--threads" -> threads = integer(flag, value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        require("gpu".equals(mode) || "cpu-smoke".equals(mode), "--mode must be gpu or cpu-smoke, was " + mode);
        boolean gpu = mode.equals("gpu");
        return new CheckOptions(gpu, generateOnly, libs, models, out, nvml, budget != null ? budget : 240,
                mib != null ? mib : gpu ? List.of(1024, 4096, 8192) : List.of(16, 48),
                contexts != null ? contexts : gpu ? List.of(4096, 16384) : List.of(512, 2048),
                decode != null ? decode : gpu ? 3.0 : 1.0, maxTokens != null ? maxTokens : gpu ? 256 : 32,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, was " + value);
        }
    }

    private static double number(String flag, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, was " + value);
        }
    }

    private static List<Integer> integers(String flag, String value) {
        List<Integer> list = new ArrayList<>();
        Arrays.stream(value.split(",")).forEach(part -> list.add(integer(flag, part)));
        return list;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
