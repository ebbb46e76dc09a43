package dev.gatehouse.natives.backends;

/**
 * {@code InstallBackendMain cpu|cuda|vulkan}: installs one backend into the user's cache. The build runs it with
 * exec:java inside Maven's JVM, so a failure is thrown, never {@code System.exit}: Maven then fails the build with the
 * message, and an exit would take Maven down without one.
 */
public final class InstallBackendMain {

    private InstallBackendMain() {
    }

    public static void main(String[] args) throws BackendInstallException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: InstallBackendMain cpu|cuda|vulkan (got " + args.length
                    + " arguments)");
        }
        BackendKind kind = BackendKind.parse(args[0]);
        BackendInstaller installer = BackendInstaller.forEnvironment(System.getenv());
        try {
            installer.install(kind, System.out);
        } catch (BackendInstallException e) {
            throw new BackendInstallException("could not install the " + kind.id() + " llama.cpp backend into "
                    + installer.cache().root() + ": " + e.getMessage() + " (skip this step with -Dexec.skip=true)", e);
        }
    }
}
