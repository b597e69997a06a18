package io.rekey.launcher.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's readable account of what it does, step by step, with progress on long steps. */
final class DemoReport {
    private final PrintStream out;
    private int step;
    private long lastProgressNanos;

    DemoReport(PrintStream out) {
        this.out = out;
    }

    void step(String title) {
        step++;
        out.println();
        out.println("[" + step + "] " + title);
        out.flush();
    }

    void line(String text) {
        out.println("    " + text);
        out.flush();
    }

    void check(String what, boolean held) {
        out.println("    " + (held ? "ok    " : "FAILED") + "  " + what);
        out.flush();
    }

    /** Prints at most twice a second, and always the last one. */
    void progress(String what, long done, long total) {
        long now = System.nanoTime();
        if (done < total && now - lastProgressNanos < 500_000_000L) {
            return;
        }
        lastProgressNanos = now;
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        out.printf(Locale.ROOT, "    %s: %d/%d (%d%%)%n", what, done, total, percent);
        out.flush();
    }

    void summary(DemoSummary summary) {
        out.println();
        out.println("Summary");
        out.printf(
                Locale.ROOT,
                "    key                 %s (RSA-3072), versions %s -> %s%n",
                summary.keyName(),
                summary.firstVersion(),
                summary.rotatedVersion());
        out.printf(
                Locale.ROOT,
                "    accounts            %d following, 1 pinned, 1 service-managed%n",
                summary.followingAccounts());
        out.printf(Locale.ROOT, "    blobs               %d (%s)%n", summary.blobs(), bytes(summary.bytes()));
        out.printf(Locale.ROOT, "    upload              %.1f MB/s%n", summary.uploadMegabytesPerSecond());
        out.printf(
                Locale.ROOT,
                "    rotation picked up  %d ms until every following account was re-wrapped%n",
                summary.rotationMillis());
        out.printf(
                Locale.ROOT,
                "    revocation          %d ms until every affected account refused reads%n",
                summary.revocationMillis());
        out.printf(Locale.ROOT, "    restore             %d ms until reads worked again%n", summary.restoreMillis());
        out.println("    checks              " + summary.passedChecks() + " of "
                + summary.checks().size() + " held" + (summary.allChecksPassed() ? "" : "  <-- SOME CHECKS FAILED"));
        summary.checks().forEach((name, held) -> {
            if (!held) {
                out.println("        failed: " + name);
            }
        });
        out.flush();
    }

    static String bytes(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
