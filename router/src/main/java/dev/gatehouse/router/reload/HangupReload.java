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
    private final SignalHandler handler;

    private HangupReload(SignalHandler previous, SignalHandler handler) {
        this.previous = previous;
        this.handler = handler;
    }

    /**
     * Installs the handler for this process (one per process: the last installed wins).
     *
     * @throws IllegalArgumentException where the JVM does not let SIGHUP be handled (started with {@code -Xrs})
     */
    public static HangupReload install(ConfigReload reload) {
        SignalHandler handler = signal -> Thread.ofVirtual().name("reload-on-sighup").start(() -> {
            ReloadOutcome outcome = reload.reload();
            LOG.info("SIGHUP: configuration " + (outcome.applied() ? "reloaded" : "not reloaded, "
                    + outcome.problems().size() + " violation(s): " + outcome.problems()));
        });
        return new HangupReload(Signal.handle(HUP, handler), handler);
    }

    /**
     * Whether a SIGHUP reaches the handler. A process started with SIGHUP ignored ({@code nohup}, some supervisors)
     * keeps ignoring it: the JVM then installs nothing and the signal changes nothing, so the caller should say so.
     */
    public boolean listening() {
        return previous != SignalHandler.SIG_IGN;
    }

    /**
     * Runs what a SIGHUP runs, without the signal (the reload starts on its own thread, as from the signal): for a
     * process that cannot receive one, and for tests run under {@code nohup}.
     */
    public void hangUp() {
        handler.handle(HUP);
    }

    /** Puts back the handler that was there before. */
    @Override
    public void close() {
        if (listening()) Signal.handle(HUP, previous);
    }
}
