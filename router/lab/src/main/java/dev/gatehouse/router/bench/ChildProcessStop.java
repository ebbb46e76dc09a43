package dev.gatehouse.router.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stops a process the bench started: asked first (its shutdown hooks run), forced after a grace period. */
final class ChildProcessStop {
    private ChildProcessStop() {}

    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
