package dev.gatehouse.router.cli;

import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.router.access.KeysCommand;
import dev.gatehouse.router.audit.AuditCommand;
import dev.gatehouse.router.decisionlog.ExplainCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatehouse} command: {@code serve}, {@code models}, {@code backends}, {@code plan}, {@code config validate} and {@code bench}. */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, version = "gatehouse 0.1.0",
        description = "A self-hosted model router with an OpenAI-compatible API.",
        subcommands = {
                ServeCommand.class,
                ModelsCommand.class,
                ReviewCommand.class,
                PullCommand.class,
                BackendsCommand.class,
                ConfigCommand.class,
                PlanCommand.class,
                ExplainCommand.class,
                dev.gatehouse.router.replay.ReplayCommand.class,
                dev.gatehouse.router.report.ReportCommand.class,
                KeysCommand.class,
                AuditCommand.class,
                RolloutCommand.class,
                dev.gatehouse.router.categories.CategoriesCommand.class,
        })
public final class GatehouseCli implements Runnable {

    final Map<String, String> env;
    final Function<Path, ModelLoader> loaderFactory;

    /**
     * @param env           the environment (explicit, so tests never touch the real one)
     * @param loaderFactory builds the model loader for a models directory
     */
    public GatehouseCli(Map<String, String> env, Function<Path, ModelLoader> loaderFactory) {
        this.env = Map.copyOf(env);
        this.loaderFactory = loaderFactory;
    }

    /** The environment commands of other packages read (e.g. {@code GATEHOUSE_API_KEY}). */
    public Map<String, String> env() {
        return env;
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                NativeModelLoader::create);
        // java-llama.cpp leaves non-daemon threads behind; only an explicit exit ends the JVM
        System.exit(code);
    }

    /** Runs one command line in process and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
            Function<Path, ModelLoader> loaderFactory) {
        CommandLine cli = new CommandLine(new GatehouseCli(env, loaderFactory));
        // the lab jar's offline tools, when it is on the class path (./gatehouse puts it there)
        for (SubcommandSource source : ServiceLoader.load(SubcommandSource.class)) {
            for (Class<?> command : source.subcommands()) cli.addSubcommand(command);
        }
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: serve, models, backends, plan, config or bench");
    }
}
