package dev.gatehouse.router.lab;

import dev.gatehouse.router.bench.BenchCommand;
import dev.gatehouse.router.bench.GatewayBenchCommand;
import dev.gatehouse.router.capacity.EstimateAccuracyCommand;
import dev.gatehouse.router.cli.SubcommandSource;
import dev.gatehouse.router.difficulty.TrainRouterCommand;
import dev.gatehouse.router.distill.DistillStaticCommand;
import dev.gatehouse.router.eval.EvalCommand;
import dev.gatehouse.router.soak.SoakCommand;
import java.util.List;

/**
 * The lab's offline subcommands of {@code gatehouse}, found by the server's CLI through ServiceLoader when the lab jar
 * is on the class path (META-INF/services names this class).
 */
public final class LabCommands implements SubcommandSource {

    @Override
    public List<Class<?>> subcommands() {
        return List.of(BenchCommand.class, GatewayBenchCommand.class, TrainRouterCommand.class, EvalCommand.class,
                EstimateAccuracyCommand.class, SoakCommand.class,
                DistillStaticCommand.class);
    }
}
