package dev.gatehouse.router.eval;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gatehouse eval}: offline evaluations of the router's parts on labelled data. */
@Command(name = "eval", description = "Evaluate the router's detectors and routing on labelled data.",
        subcommands = {PiiEvalCommand.class, RoutingEvalCommand.class, RoutingBenchCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name an evaluation: pii, routing or routing-bench");
    }
}
