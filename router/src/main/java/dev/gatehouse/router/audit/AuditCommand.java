package dev.gatehouse.router.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse audit verify FILE}: checks the hash chain of an audit log. */
@Command(name = "audit", description = "Work with the audit log.", subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command: verify");
    }

    /** Exit 0 when the chain is intact, 1 naming the first broken entry, 2 when the file cannot be read. */
    @Command(name = "verify", description = "Check that no entry of an audit log was changed, removed or moved.")
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The audit log (audit.jsonl).")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                err.println("audit verify: no such file " + file.toAbsolutePath());
                return 2;
            }
            AuditVerifier.Result r;
            try {
                r = AuditVerifier.verify(file);
            } catch (IOException e) {
                err.println("audit verify: cannot read " + file + ": " + e.getClass().getSimpleName());
                return 2;
            }
            if (r.intact()) {
                out.println("intact: " + r.entries() + " entries, last hash " + r.lastHash());
                return 0;
            }
            err.println("BROKEN at entry " + (r.entries() + 1) + " (line " + r.brokenLine() + "): " + r.problem());
            err.println(r.entries() + " entries before it verified; last good hash " + r.lastHash());
            return 1;
        }
    }
}
