package io.rekey.launcher.demo;

import io.rekey.launcher.local.LocalSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rekey demo}: start Rekey in this process and drive the whole key lifecycle over its public APIs. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the complete scenario: create a key and accounts, upload files, rotate, revoke, restore,"
                + " and query the audit trail; exits non-zero if any check failed.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "Files to upload (default: the current directory).")
    Path filesDir = Path.of(".");

    @Option(names = "--data", description = "Data directory of the demo's own system (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".rekey", "demo");

    @Option(names = "--max-files", description = "Upload at most this many files (default: ${DEFAULT-VALUE}).")
    int maxFiles = 400;

    @Option(names = "--max-file-bytes", description = "Skip files larger than this (default: ${DEFAULT-VALUE}).")
    long maxFileBytes = 32L * 1024 * 1024;

    @Option(names = "--summary-json", description = "Also write the summary as JSON to this file.")
    Optional<Path> summaryJson = Optional.empty();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(filesDir)) {
            throw new IllegalArgumentException("--dir " + filesDir + " is not a directory");
        }
        DemoReport report = new DemoReport(System.out);
        report.step("Starting Rekey in this process (data in "
                + dataDir.toAbsolutePath().normalize() + ")");
        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.local(dataDir, 0, 0, 0))) {
            DemoSummary summary = new DemoScenario(system, report, filesDir, maxFiles, maxFileBytes).run();
            report.summary(summary);
            if (summaryJson.isPresent()) {
                summary.writeJson(summaryJson.get());
                report.line("Summary written to " + summaryJson.get().toAbsolutePath());
            }
            return summary.allChecksPassed() ? 0 : 1;
        }
    }
}
