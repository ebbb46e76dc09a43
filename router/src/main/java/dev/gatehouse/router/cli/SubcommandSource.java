package dev.gatehouse.router.cli;

import java.util.List;

/**
 * Subcommands that live in another jar and join {@code gatehouse} when that jar is on the class path: the lab's
 * offline tools (bench, eval, train-router, estimate-accuracy, soak) register this way through {@link
 * java.util.ServiceLoader}, so the server jar never depends on the lab.
 */
public interface SubcommandSource {

    /** picocli command classes, each with a no-argument constructor and a {@code @Command} name. */
    List<Class<?>> subcommands();
}
