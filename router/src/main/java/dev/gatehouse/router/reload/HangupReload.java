package dev.gatehouse.router.reload;

import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code kill -HUP <pid>} runs the same validated reload as {@code POST /v1/admin/reload}, the way nginx and most
 * daemons re-read their configuration. The outcome goes to the log, since a signal has no one to answer. Without
 * this handler the JVM treats SIGHUP as a request to shut down.
 */
public final class HangupReload implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HangupReload.class.getName());
    private static final Signal HUP = new Signal("HUP");

    private final SignalHandler previous;

    private HangupReload(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * Installs the handler for this process (one per process: the last installed wins).
     *
     * @throws IllegalArgumentException where the JVM does not let SIGHUP be handled (started with {@code -Xrs})
     */
    public static HangupReload install(ConfigReload reload) {
        SignalHandler previous = Signal.handle(HUP, signal -> Thread.ofVirtual().name("reload-on-sighup").start(() -> {
            ReloadOutcome outcome = reload.reload();
            LOG.info("SIGHUP: configuration " + (outcome.applied() ? "reloaded" : "not reloaded, "
                    + outcome.problems().size() + " violation(s): " + outcome.problems()));
        }));
        return new HangupReload(previous);
    }

    /** Puts back the handler that was there before. */
    @Override
    public void close() {
        Signal.handle(HUP, previous);
    }
}
