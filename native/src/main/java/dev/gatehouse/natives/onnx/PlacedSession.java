package dev.gatehouse.natives.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * An ONNX Runtime session and where it actually runs. Opening one on CUDA that cannot start (the provider's CUDA
 * libraries do not load, no device, no GPU memory) opens it on the CPU instead, with the failure as the reason: an
 * embedding model that runs slower beats one that does not run, as long as {@code /v1/pool} says so.
 *
 * @param session   the open session; its owner closes it
 * @param placement where it runs and why
 */
public record PlacedSession(OrtSession session, OnnxPlacement placement) {

    private static final Logger LOG = Logger.getLogger(PlacedSession.class.getName());
    /** Device 0 of those CUDA_VISIBLE_DEVICES shows: putting the embedder on another GPU is the environment's job. */
    private static final int CUDA_DEVICE = 0;

    public PlacedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(placement, "placement");
    }

    /**
     * A session for {@code model} on {@code planned}, or on the CPU when CUDA was planned and failed.
     *
     * @param threads intra-op threads, 0 for ONNX Runtime's default (see {@link #options(int)})
     * @param what    the model, for the log
     * @throws OrtException when even the CPU session cannot be created
     */
    public static PlacedSession open(byte[] model, int threads, OnnxPlacement planned, String what)
            throws OrtException {
        if (planned.cuda()) {
            try {
                return new PlacedSession(create(model, threads, true), planned);
            } catch (OrtException | RuntimeException e) {
                OnnxPlacement cpu = cudaFailed(planned, e);
                LOG.warning(() -> "embedding model " + what + ": " + cpu.reason());
                return new PlacedSession(create(model, threads, false), cpu);
            }
        }
        return new PlacedSession(create(model, threads, false), planned);
    }

    /**
     * ONNX Runtime's exception says only "Failed to load shared library" while its log on stderr names the library,
     * so the reason points there as well.
     */
    static OnnxPlacement cudaFailed(OnnxPlacement planned, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return OnnxPlacement.cpu("the CUDA execution provider did not start (" + message + "; ONNX Runtime's log "
                + "names what it could not load), so this model runs on the CPU; CUDA had been chosen because: "
                + planned.reason());
    }

    private static OrtSession create(byte[] model, int threads, boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions options = options(threads)) {
            if (cuda) {
                options.addCUDA(CUDA_DEVICE);
            }
            return OrtEnvironment.getEnvironment().createSession(model, options);
        }
    }

    /**
     * Dynamic block sizing: each parallel loop is split into shrinking blocks that any pool thread can take, so a
     * thread the scheduler pauses (another process, a JIT or GC thread on a 2-core box) strands less work; a MiniLM
     * run at 256 pieces has ~100 such sections, each waiting for its slowest thread. ONNX Runtime runs alone, 2-core
     * EPYC, separate processes in turn: p99 ~12.6-16.8 ms with it, ~21.8-27.8 ms without (one run 12.6), p50 ~9.2 ms
     * both; in the back-to-back decision benchmark the difference was within the noise of a shared machine.
     * The thread count stays ONNX Runtime's (one per core, workers pinned): setting it explicitly unpins the
     * workers, which measured slower under load (p50 +30-60% interleaved with the pinned setup), and turning
     * spinning off added ~5 ms per run. None of this changes the arithmetic: vectors stay bit-identical.
     * {@code threads} > 0 sets the intra-op thread count instead (1 = the calling thread alone, no pool); on CUDA
     * these threads run only the nodes the CUDA provider leaves to the CPU.
     */
    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.addConfigEntry("session.dynamic_block_base", "4");
            if (threads > 0) options.setIntraOpNumThreads(threads);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
