package dev.gatehouse.router.pull;

import dev.gatehouse.natives.download.DeadlineDownloads.Transfer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal's stderr:
 * {@code [##########----------]  50%  1.2 GiB of 2.4 GiB  38.0 MiB/s}. Redraws at most every tenth of a second.
 */
public final class ProgressBar implements Transfer {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final String label;
    private long offset;
    private long total = -1;
    private long received;
    private long startNanos;
    private long lastDraw;
    private boolean drawn;
    private int lastWidth;

    public ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public synchronized void started(long offset, long total) {
        this.offset = offset;
        this.total = total;
        this.received = offset;
        this.startNanos = System.nanoTime();
        draw(startNanos);
    }

    @Override
    public synchronized void received(long bytes) {
        received += bytes;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS || received == total) {
            draw(now);
        }
    }

    /** Ends the bar's line, if one was drawn, so the next output starts on a line of its own. */
    public synchronized void finish() {
        if (drawn) {
            draw(System.nanoTime());
            out.println();
            out.flush();
            drawn = false;
        }
    }

    private void draw(long now) {
        lastDraw = now;
        drawn = true;
        String line = line(now - startNanos);
        // blanks over the end of a longer previous line (the rate can get shorter)
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        lastWidth = line.length();
        out.flush();
    }

    String line(long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        String rate = seconds > 0.2 ? "  " + size((long) ((received - offset) / seconds)) + "/s" : "";
        if (total <= 0) {
            return label + "  " + size(received) + rate;
        }
        int filled = (int) Math.min(WIDTH, received * WIDTH / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s of %s%s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), received * 100 / total, size(received), size(total), rate);
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return bytes + " B";
    }
}
