package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.natives.backends.BackendAvailability;
import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.BackendInstallException;
import dev.gatehouse.natives.backends.BackendInstaller;
import dev.gatehouse.natives.backends.BackendKind;
import dev.gatehouse.natives.backends.BackendSupport;
import dev.gatehouse.natives.backends.InstalledBackend;
import dev.gatehouse.natives.backends.OnnxCudaArtifact;
import dev.gatehouse.natives.backends.OnnxCudaInstall;
import dev.gatehouse.natives.backends.OnnxCudaInstaller;
import dev.gatehouse.natives.backends.OnnxCudaReadiness;
import dev.gatehouse.natives.backends.OnnxCudaSupport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gatehouse backends [--json]}: the llama.cpp builds installed in the cache, which ones this machine can run
 * and what the others lack; {@code gatehouse backends install cpu|cuda|vulkan} installs one from the npm registry.
 * Beside them, {@code onnx-cuda} (ONNX Runtime's CUDA build, for embedding models) installs from a Maven repository.
 */
@Command(name = "backends", description = "List installed llama.cpp backends, the onnx-cuda backend for embedding "
        + "models, and what this machine can run.",
        subcommands = BackendsCommand.Install.class)
final class BackendsCommand implements Callable<Integer> {

    private static final String ROW = "  %-7s %-8s %s%n";

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BackendCache cache = BackendCache.forEnvironment(cli.env);
        List<InstalledBackend> installed;
        try {
            installed = cache.installed();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("backends: " + e.getMessage());
            return 1;
        }
        List<BackendAvailability> support = BackendSupport.probe(cli.env).all();
        Optional<OnnxCudaInstall> onnxCuda = OnnxCudaInstall.find(cache);
        OnnxCudaReadiness onnxReadiness = OnnxCudaSupport.probe(cli.env).check();
        if (json) {
            ObjectNode root = toJson(installed, support);
            ObjectNode onnx = root.putObject(OnnxCudaArtifact.ID);
            onnx.put("installed", onnxCuda.isPresent());
            onnx.put("version", onnxCuda.map(OnnxCudaInstall::version).orElse(OnnxCudaArtifact.PINNED.version()));
            onnx.put("libDir", onnxCuda.map(i -> i.libDir().toString()).orElse(null));
            onnx.put("usable", onnxReadiness.usable());
            onnx.put("reason", onnxReadiness.detail());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            return 0;
        }
        out.println("installed in " + cache.root() + ":");
        if (installed.isEmpty()) {
            out.println("  none (install one with: gatehouse backends install cpu)");
        }
        for (InstalledBackend b : installed) {
            out.printf(ROW, b.name(), b.version(), b.libDir() + "  (llama.cpp " + b.llamaCppRelease() + ")");
        }
        out.println("usable on this machine:");
        for (BackendAvailability a : support) {
            if (a.usable()) {
                boolean present = installed.stream().anyMatch(b -> b.kind() == a.kind());
                out.printf(ROW, a.kind().id(), present ? "ok" : "not yet", present ? a.detail()
                        : a.detail() + "; install with: gatehouse backends install " + a.kind().id());
            }
        }
        out.println("missing on this machine:");
        for (BackendAvailability a : support) {
            if (!a.usable()) {
                out.printf(ROW, a.kind().id(), "", a.detail());
            }
        }
        out.println(OnnxCudaArtifact.ID + " (ONNX Runtime's CUDA build, for embedding models):");
        out.println(onnxCuda.map(i -> "  installed " + i.version() + " in " + i.libDir())
                .orElse("  not installed (install with: gatehouse backends install " + OnnxCudaArtifact.ID + ")"));
        out.println((onnxReadiness.usable() ? "  usable: " : "  not usable here: ") + onnxReadiness.detail());
        return 0;
    }

    private static ObjectNode toJson(List<InstalledBackend> installed, List<BackendAvailability> support) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        var installedArray = root.putArray("installed");
        for (InstalledBackend b : installed) {
            ObjectNode node = installedArray.addObject();
            node.put("name", b.name());
            node.put("version", b.version());
            node.put("path", b.dir().toString());
            node.put("libDir", b.libDir().toString());
            node.put("npmPackage", b.npmPackage());
            node.put("llamaCppRelease", b.llamaCppRelease());
            node.put("installedAt", b.installedAt().toString());
        }
        var usable = root.putArray("usable");
        var missing = root.putArray("missing");
        for (BackendAvailability a : support) {
            if (a.usable()) {
                usable.add(a.kind().id());
            } else {
                missing.addObject().put("name", a.kind().id()).put("reason", a.detail());
            }
        }
        return root;
    }

    @Command(name = "install", description = "Download and install a prebuilt llama.cpp backend (cpu, cuda or "
            + "vulkan) from the npm registry, or onnx-cuda (ONNX Runtime's CUDA build, ~390 MB of libraries) from "
            + "Maven Central, into the backend cache; exit 0 when installed, 1 when not.")
    static final class Install implements Callable<Integer> {

        @ParentCommand
        BackendsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "KIND", description = "cpu, cuda, vulkan or onnx-cuda")
        String kind;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (OnnxCudaArtifact.ID.equalsIgnoreCase(kind.strip())) {
                return installOnnxCuda(out, err);
            }
            BackendKind backend;
            try {
                backend = BackendKind.parse(kind);
            } catch (IllegalArgumentException e) {
                err.println("backends install: " + e.getMessage() + " or " + OnnxCudaArtifact.ID);
                return 1;
            }
            try {
                InstalledBackend installed = BackendInstaller.forEnvironment(parent.cli.env)
                        .install(backend, out::println);
                out.println(installed.name() + " backend " + installed.version() + " is in " + installed.dir()
                        + " (libraries in " + installed.libDir() + ")");
                BackendAvailability usable = BackendSupport.probe(parent.cli.env).check(backend);
                if (!usable.usable()) {
                    out.println("note: this machine cannot run it yet: " + usable.detail());
                }
                return 0;
            } catch (BackendInstallException | IllegalArgumentException e) {
                err.println("backends install: " + e.getMessage());
                return 1;
            }
        }

        private int installOnnxCuda(PrintWriter out, PrintWriter err) {
            try {
                OnnxCudaInstall installed = OnnxCudaInstaller.forEnvironment(parent.cli.env).install(out::println);
                out.println(OnnxCudaArtifact.ID + " backend " + installed.version() + " is in " + installed.dir()
                        + " (libraries in " + installed.libDir() + "); embedding models use it from the next start");
                OnnxCudaReadiness usable = OnnxCudaSupport.probe(parent.cli.env).check();
                if (!usable.usable()) {
                    out.println("note: this machine cannot run it yet, so embeddings stay on the CPU: " + usable.detail());
                }
                return 0;
            } catch (BackendInstallException | IllegalArgumentException e) {
                err.println("backends install: " + e.getMessage());
                return 1;
            }
        }
    }
}
