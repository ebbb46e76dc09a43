package dev.gatehouse.router.eval;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gatehouse eval}: offline evaluations of the router's parts (detectors, difficulty routing) on labelled data. */
@Command(name = "eval", description = "Evaluate the router's detectors and routing on labelled data.",
        subcommands = {RoutingEvalCommand.class, RoutingBenchCommand.class, PiiEvalCommand.class,
                LeakEvalCommand.class, RoutingLearnBenchCommand.class,
                CategoryEvalCommand.class, EmbeddingCostCommand.class, HybridCategoryCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an evaluation: routing, routing-bench, routing-learn, pii, leak or category");
    }
}
