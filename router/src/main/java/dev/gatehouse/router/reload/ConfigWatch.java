package dev.gatehouse.router.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Watches the manifest, the policy and the keys file and runs the same validated reload as
 * {@code POST /v1/admin/reload} when one of them changes. Editors write a file in several steps (truncate, write,
 * rename), so the reload waits until the folder has been quiet for {@link #QUIET}: one save, one reload. A save that
 * leaves a file invalid is refused like any reload (the old configuration keeps serving) and the next save tries
 * again.
 */
public final class ConfigWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfigWatch.class.getName());
    static final Duration QUIET = Duration.ofMillis(300);

    private final WatchService watcher;
    private final Set<Path> files;
    private final ConfigReload reload;
    private final Thread thread;

    private ConfigWatch(WatchService watcher, Set<Path> files, ConfigReload reload) {
        this.watcher = watcher;
        this.files = files;
        this.reload = reload;
        this.thread = Thread.ofPlatform().daemon().name("config-watch").unstarted(this::run);
    }

    /** Starts watching {@code files} (null entries, such as an absent policy file, are left out). */
    public static ConfigWatch start(List<Path> files, ConfigReload reload) {
        Set<Path> watched = new HashSet<>();
        for (Path f : files) if (f != null) watched.add(f.toAbsolutePath().normalize());
        try {
            WatchService watcher = FileSystems.getDefault().newWatchService();
            Set<Path> dirs = new HashSet<>();
            for (Path f : watched) dirs.add(f.getParent());
            for (Path d : dirs) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
            ConfigWatch watch = new ConfigWatch(watcher, Set.copyOf(watched), reload);
            watch.thread.start();
            return watch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + watched, e);
        }
    }

    private void run() {
        try {
            while (true) {
                if (!touchesOurs(watcher.take())) continue;
                // collect the rest of the save before reading anything
                for (WatchKey more; (more = watcher.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null; ) {
                    touchesOurs(more);
                }
                ReloadOutcome outcome = reload.reload();
                LOG.info("configuration file changed: " + (outcome.applied() ? "reloaded" : "not reloaded, "
                        + outcome.problems().size() + " violation(s): " + outcome.problems()));
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    /** Whether the events of a key name one of the watched files; resets the key either way. */
    private boolean touchesOurs(WatchKey key) {
        boolean ours = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name && files.contains(dir.resolve(name))) ours = true;
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) ours = true;
        }
        key.reset();
        return ours;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.warning("closing the configuration watch failed: " + e.getMessage());
        }
        thread.interrupt();
    }
}
