package dev.gatehouse.router.eval;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gatehouse eval}: offline evaluations of the routing brain on labelled data. */
@Command(name = "eval", description = "Evaluate routing on labelled data.",
        subcommands = {RoutingEvalCommand.class, RoutingBenchCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an evaluation: routing or routing-bench");
    }
}
