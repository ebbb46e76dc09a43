package dev.gatehouse.router.cli;

import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs {@code gatehouse serve} in a test's folder on one tiny random model whose policy is its one target plus the
 * given tail, with the decision log kept in that folder: for tests of what serve refuses to start with.
 */
final class ServeWithPolicy {
    static final String TARGETS = "targets:\n  - {id: tiny, tier: small, quality: {default: 0.3}}\n";

    record Run(int code, String out, String err) {}

    private ServeWithPolicy() {}

    static Run serve(Path dir, String policyTail) throws Exception {
        return serve(dir, policyTail, "");
    }

    /** @param configTail more of gatehouse.yaml after its decisionLog section */
    static Run serve(Path dir, String policyTail, String configTail) throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: tiny
                    file: tiny.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                """);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, TARGETS + policyTail);
        Path config = dir.resolve("gatehouse.yaml"); // the decision log and audit trail stay in the test's folder
        Files.writeString(config, "decisionLog:\n  dir: " + dir.resolve("logs") + "\n" + configTail);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"serve", "--port", "0", "--policy", policy.toString()},
                new PrintWriter(out), new PrintWriter(err),
                Map.of("GATEHOUSE_MANIFEST", manifest.toString(), "GATEHOUSE_MODELS_DIR", models.toString(),
                        "GATEHOUSE_CONFIG", config.toString()),
                modelsDir -> new EchoModels());
        return new Run(code, out.toString(), err.toString());
    }
}
