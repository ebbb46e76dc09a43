package dev.gatehouse.router.http;

import dev.gatehouse.router.bench.BenchmarksFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the {@code bench:leak} section of {@code docs/BENCHMARKS.md} from an {@link EgressLeakTest} run, between
 * its markers, leaving the other sections as they are. Command:
 * {@code ./mvnw -o -pl router -am test -Dtest=EgressLeakTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgatehouse.leak.benchmarks=$PWD/docs/BENCHMARKS.md}.
 */
final class LeakReport {


    private LeakReport() {}

    static void write(Path file, List<EgressLeakTest.Replay> replays) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("## Leak test: labelled values sent towards a cloud provider\n\n");
        s.append("Command: `./mvnw -o -pl router -am test -Dtest=EgressLeakTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dgatehouse.leak.benchmarks=$PWD/docs/BENCHMARKS.md` (run ").append(LocalDate.now()).append(").\n\n");
        s.append("Method: every text is one chat request through the real `/v1/chat/completions` (real privacy scanner, "
                + "real policy, real HTTP) with a policy that prefers the cloud target for everything; the provider (a "
                + "local fake speaking the OpenAI format) is approved for `public` data only. A leak is a request the "
                + "provider received whose message text contains any labelled value of the text sent. The test fails "
                + "on any leak.\n\n");
        s.append("| corpus | texts | with labelled values | reached the provider | leaked |\n|---|---|---|---|---|\n");
        for (EgressLeakTest.Replay r : replays.stream().sorted(java.util.Comparator.comparing(
                EgressLeakTest.Replay::corpus)).toList()) {
            s.append("| ").append(r.corpus()).append(" | ").append(r.sentences()).append(" | ").append(r.withValues())
                    .append(" | ").append(r.escalated()).append(" | ").append(r.leaks().size()).append(" |\n");
        }
        BenchmarksFile.writeSection(file, "leak", s.toString());
    }
}
