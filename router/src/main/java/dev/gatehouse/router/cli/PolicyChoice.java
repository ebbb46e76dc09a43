package dev.gatehouse.router.cli;

import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.policy.LocalTargets;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which routing policy {@code serve} runs: {@code --policy}, else the {@code policy} key of gatehouse.yaml, else
 * {@code policy.yaml} in the working directory, else the built-in one.
 *
 * <p>A policy the user named is strict: a local target the manifest lacks stops the server. The working directory's
 * policy.yaml was chosen by nobody (in a checkout it is the sample written for the sample manifest), so it must not
 * stop a server started with the user's own {@code --manifest}: its targets the manifest lacks are left out, with a
 * warning that names them and says how to make the file count (issue 13).
 *
 * @param path     the policy file, or null for the built-in policy
 * @param implicit true when the file was found in the working directory rather than named
 */
record PolicyChoice(Path path, boolean implicit) {
    static final Path IMPLICIT_FILE = Path.of("policy.yaml");

    static PolicyChoice of(Path flag, Path configured, Path workingDir) {
        if (flag != null) {
            return new PolicyChoice(flag, false);
        }
        if (configured != null) {
            return new PolicyChoice(configured, false);
        }
        Path found = workingDir.resolve(IMPLICIT_FILE);
        return Files.exists(found) ? new PolicyChoice(found, true) : new PolicyChoice(null, false);
    }

    /** @throws dev.gatehouse.manifest.ConfigException when the file is invalid */
    Policy read(Map<String, String> env) {
        return path == null ? PolicyReader.defaults() : PolicyReader.read(path, env);
    }

    /** The policy as serve should run it with {@code manifest}; warns on {@code err} about what it left out. */
    Policy fitTo(Policy policy, Manifest manifest, Path manifestPath, PrintWriter err) {
        if (!implicit) {
            return policy; // strict: RouterSetup reports every target the manifest lacks as an error
        }
        LocalTargets.Lenient lenient = LocalTargets.leaveOutMissing(policy, manifest.models());
        if (!lenient.leftOut().isEmpty()) {
            err.println("warning: " + path + " was found in the working directory and names models that "
                    + manifestPath + " lacks; they are left out (name the file with --policy to make this an error, "
                    + "or write a policy for your models):");
            ViolationPrinter.print(err, "warning", lenient.leftOut());
            err.flush();
        }
        return lenient.policy();
    }
}
