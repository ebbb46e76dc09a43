package dev.gatehouse.router.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where scanning time goes: each detector alone, then the whole scanner, on a 2 KB prompt made by joining the
 * sentences of a Presidio-format file (the way {@code eval pii} builds its timing prompt). Prints median and best of
 * several rounds per detector, in microseconds. A profiling aid, not a test: timings on a shared machine vary, so
 * compare before and after within one run. Usage, from the repository root after {@code test-compile}:
 * {@code java -cp router/target/test-classes:router/target/classes:... dev.gatehouse.router.privacy.DetectorTimingMain
 * ../shared/eval/pii/synth_dataset_v2.json}
 */
public final class DetectorTimingMain {
    private static final Pattern FULL_TEXT = Pattern.compile("\"full_text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DetectorTimingMain() {}

    public static void main(String[] args) throws IOException {
        String prompt = prompt(Path.of(args.length > 0 ? args[0] : "../shared/eval/pii/synth_dataset_v2.json"), 2048);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        var scanner = new SensitiveDataScanner();
        List<Detector> detectors = scanner.detectors();
        for (int warm = 0; warm < 2000; warm++) scanner.scan(prompt);
        System.out.printf(Locale.ROOT, "prompt %d chars, %d rounds%n%-28s %10s %10s%n", prompt.length(), rounds, "detector",
                "median µs", "best µs");
        for (Detector d : detectors) {
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                List<Finding> out = new ArrayList<>();
                long t0 = System.nanoTime();
                d.detect(ScanText.of(prompt), out);
                nanos[i] = System.nanoTime() - t0;
            }
            print(d.getClass().getSimpleName(), nanos);
        }
        long[] whole = new long[rounds * 3];
        for (int i = 0; i < whole.length; i++) {
            long t0 = System.nanoTime();
            scanner.scan(prompt);
            whole[i] = System.nanoTime() - t0;
        }
        print("whole scanner", whole);
    }

    private static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f%n", name, sorted[sorted.length / 2] / 1e3, sorted[0] / 1e3);
    }

    static String prompt(Path file, int chars) throws IOException {
        var text = new StringBuilder();
        Matcher m = FULL_TEXT.matcher(Files.readString(file));
        while (text.length() < chars && m.find()) {
            text.append(m.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\")).append(' ');
        }
        return text.length() > chars ? text.substring(0, chars) : text.toString();
    }
}
