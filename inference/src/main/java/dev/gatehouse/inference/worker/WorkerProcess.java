package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.InferenceException.Kind;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link WorkerMain}, connected to us by a Unix domain socket. Knows how to start, stop and
 * describe the death of the process; knows nothing of models.
 */
final class WorkerProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final SocketChannel channel;
    private final Path socket;
    private final Path log;
    private final Path nativeTmp;

    private WorkerProcess(Process process, SocketChannel channel, Path socket, Path log, Path nativeTmp) {
        this.process = process;
        this.channel = channel;
        this.socket = socket;
        this.log = log;
        this.nativeTmp = nativeTmp;
    }

    /**
     * Starts the JVM with the same class path as ours and waits for it to connect.
     *
     * @param name    short name for files and threads (the model id)
     * @param options how to start it
     */
    static WorkerProcess launch(String name, WorkerOptions options) {
        Path socket = options.socketDir().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + System.nanoTime() + ".sock");
        String fileName = name.replaceAll("[^A-Za-z0-9._-]", "_");
        Path nativeTmp = options.logDir().resolve("jllama-" + fileName + "-" + System.nanoTime());
        Path log = options.logDir().resolve(fileName + ".log");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.createDirectories(options.socketDir());
            Files.createDirectories(options.logDir());
            log = WorkerLogs.rotate(options.logDir(), fileName);
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            List<String> command = new ArrayList<>();
            command.add(options.javaCommand().toString());
            command.addAll(options.jvmOptions());
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("-Dde.kherud.llama.tmpdir=" + nativeTmp);
            command.add("-cp");
            command.add(options.classPath());
            command.add(WorkerMain.class.getName());
            command.add(socket.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(options.environment());
            Process process = builder.start();
            long deadline = System.nanoTime() + options.startTimeout().toNanos();
            SocketChannel channel;
            while ((channel = server.accept()) == null) {
                if (!process.isAlive()) {
                    WorkerLogs.remove(nativeTmp);
                    throw new InferenceException(Kind.MODEL_NOT_READY, "worker for " + name + " exited with code "
                            + process.exitValue() + " before connecting; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    WorkerLogs.remove(nativeTmp);
                    throw new InferenceException(Kind.MODEL_NOT_READY, "worker for " + name + " did not connect within "
                            + options.startTimeout().toSeconds() + " s; see " + log);
                }
                Thread.sleep(10);
            }
            channel.configureBlocking(true);
            return new WorkerProcess(process, channel, socket, log, nativeTmp);
        } catch (IOException e) {
            throw new InferenceException(Kind.MODEL_NOT_READY, "could not start a worker for " + name + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException(Kind.CANCELLED, "interrupted while starting a worker for " + name);
        } finally {
            deleteQuietly(socket);
        }
    }

    SocketChannel channel() {
        return channel;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits for the worker to exit after a shutdown request, then kills it if it has not. A worker that exited by
     * itself leaves no files; one that had to be killed keeps its log.
     */
    void stop() {
        boolean exited = false;
        try {
            exited = process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            closeChannel();
            WorkerLogs.remove(nativeTmp);
            if (exited && process.exitValue() == 0) {
                WorkerLogs.remove(log);
            }
        }
    }

    /** Kills a worker that failed; its log stays for whoever looks into why. */
    void destroy() {
        process.destroyForcibly();
        closeChannel();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WorkerLogs.remove(nativeTmp);
    }

    Path log() {
        return log;
    }

    /** Why the worker is gone, for error messages: exit code or signal, and where its output is. */
    String describeExit() {
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                String how = code > 128 ? "killed by signal " + (code - 128) : "exit code " + code;
                return how + " (output in " + log + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "connection lost while the process is still running (output in " + log + ")";
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket to a dead process has nothing left to report
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale socket file is harmless: every worker gets a new name
        }
    }
}
