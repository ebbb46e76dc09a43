package dev.gatehouse.router.cli;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.PrintWriter;
import java.util.List;

/** Prints violations one per line with their key paths, never a stack trace. */
final class ViolationPrinter {

    private ViolationPrinter() {}

    static void print(PrintWriter out, ConfigException e) {
        out.println(e.source() + " is invalid:");
        print(out, "error", e.violations());
    }

    static void print(PrintWriter out, String level, List<Violation> violations) {
        for (Violation v : violations) {
            out.println("  " + level + "  " + v.key() + ": " + v.message());
        }
    }
}
