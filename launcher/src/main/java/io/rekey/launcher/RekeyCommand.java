package io.rekey.launcher;

import io.rekey.launcher.bench.BenchCommand;
import io.rekey.launcher.cli.AccountsCommand;
import io.rekey.launcher.cli.AuditCommand;
import io.rekey.launcher.cli.BlobsCommand;
import io.rekey.launcher.cli.KeysCommand;
import io.rekey.launcher.client.ServiceError;
import io.rekey.launcher.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rekey} command: run the system, drive the demo, measure it, and operate it over its HTTP APIs. */
@Command(
        name = "rekey",
        mixinStandardHelpOptions = true,
        version = "Rekey 0.1.0",
        description = "Customer-managed-key encryption for blob storage, event-sourced on Apache Kafka.",
        subcommands = {
            UpCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            KeysCommand.class,
            AccountsCommand.class,
            BlobsCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RekeyCommand {

    public static void main(String[] args) {
        configureLogging(args);
        System.exit(run(args));
    }

    /**
     * Runs before anything logs. {@code up} shows Rekey's log on the console; the other commands print their own
     * report, so only errors reach the console. Every command also logs to {@code rekey.log} in its data directory.
     */
    static void configureLogging(String[] args) {
        // Each service jar carries a logback.xml for running on its own; the launcher's comes first on the class
        // path and wins, so logback's start-up notes about the others are noise.
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        String command = args.length == 0 ? "" : args[0];
        if (System.getProperty("rekey.console.level") == null && !command.equals("up")) {
            System.setProperty("rekey.console.level", "ERROR");
        }
        if (System.getProperty("rekey.log.file") == null) {
            System.setProperty(
                    "rekey.log.file", dataDirOf(args).resolve("rekey.log").toString());
        }
    }

    private static java.nio.file.Path dataDirOf(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--data")) {
                return java.nio.file.Path.of(args[i + 1]);
            }
        }
        String command = args.length == 0 ? "" : args[0];
        return switch (command) {
            case "demo" -> java.nio.file.Path.of(".rekey", "demo");
            case "bench" -> java.nio.file.Path.of(".rekey", "bench");
            default -> java.nio.file.Path.of(".rekey");
        };
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new RekeyCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ServiceError error) {
                cmd.getErr().println("error: " + error.code() + ": " + error.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
