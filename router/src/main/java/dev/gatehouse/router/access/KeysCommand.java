package dev.gatehouse.router.access;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatehouse keys add|list}: API keys in a keys file. */
@Command(name = "keys", description = "Create and list API keys.",
        subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class})
public final class KeysCommand implements Runnable {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command: add or list");
    }

    /** Prints a new key once on stdout (alone, for scripts) and stores only its hash. */
    @Command(name = "add", description = "Create an API key for a tenant; the key is printed once, only its "
            + "SHA-256 is stored.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keys", required = true, paramLabel = "FILE", description = "The keys file (created if "
                + "missing).")
        Path file;

        @Option(names = "--tenant", required = true, paramLabel = "NAME", description = "Tenant the key belongs "
                + "to (declared with no limits if new).")
        String tenant;

        @Option(names = "--admin", description = "The key may also change the pool, reload config, look up "
                + "decisions and open the dashboard.")
        boolean admin;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!TENANT.matcher(tenant).matches()) {
                err.println("keys add: --tenant must be 1 to 64 letters, digits, '.', '_' or '-'");
                return 2;
            }
            try {
                KeysFile keys = Files.exists(file) ? KeysFile.read(file) : KeysFile.empty();
                ApiKeys.NewKey key = ApiKeys.generate();
                while (idTaken(keys, key.id())) key = ApiKeys.generate();
                KeysFileWriter.write(file, keys.with(new StoredKey(key.id(), tenant, key.sha256(), admin,
                        Instant.now())));
                err.println("key " + key.id() + " added for tenant " + tenant + (admin ? " (admin)" : "") + " to "
                        + file + "; only its SHA-256 is stored, so copy the key now: it is not shown again");
                out.println(key.key());
                return 0;
            } catch (ConfigException e) {
                err.println("keys add: " + e.source() + " is not a valid keys file:");
                for (Violation v : e.violations()) err.println("  " + v.key() + ": " + v.message());
                return 1;
            } catch (IOException e) {
                err.println("keys add: cannot write " + file + ": " + e.getClass().getSimpleName());
                return 1;
            }
        }

        private static boolean idTaken(KeysFile keys, String id) {
            return keys.keys().stream().anyMatch(k -> k.id().equals(id));
        }
    }

    @Command(name = "list", description = "List the keys of a keys file (ids and tenants; keys are never stored).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keys", required = true, paramLabel = "FILE", description = "The keys file.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                KeysFile keys = KeysFile.read(file);
                for (StoredKey k : keys.keys()) {
                    out.println(k.id() + "  tenant=" + k.tenant() + (k.admin() ? "  admin" : "")
                            + (k.created() == null ? "" : "  created=" + k.created()));
                }
                return 0;
            } catch (ConfigException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("keys list: " + e.source() + ":");
                for (Violation v : e.violations()) err.println("  " + v.key() + ": " + v.message());
                return 1;
            }
        }
    }
}
