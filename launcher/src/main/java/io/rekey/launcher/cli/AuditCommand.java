package io.rekey.launcher.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rekey audit ...}: read-only queries over the audit trail. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Query key history, usage, callers, rotation and revocation status, and account history.")
public final class AuditCommand {

    @Command(name = "history", mixinStandardHelpOptions = true, description = "A key's lifecycle, in order.")
    int history(@Mixin Connection connection, @Parameters(paramLabel = "KEY") String key) {
        Connection.print(connection.audit().get("/keys/" + key + "/history"));
        return 0;
    }

    @Command(name = "usage", mixinStandardHelpOptions = true, description = "A key's usage by time window.")
    int usage(
            @Mixin Connection connection,
            @Parameters(paramLabel = "KEY") String key,
            @Option(names = "--from", description = "ISO-8601 start (default: an hour ago).") String from,
            @Option(names = "--to", description = "ISO-8601 end (default: now).") String to,
            @Option(
                            names = "--granularity",
                            description = "minute or hour (default: ${DEFAULT-VALUE}).",
                            defaultValue = "minute")
                    String granularity) {
        Connection.print(
                connection.audit().get("/keys/" + key + "/usage" + range(from, to) + "&granularity=" + granularity));
        return 0;
    }

    @Command(name = "callers", mixinStandardHelpOptions = true, description = "Who used a key in a period.")
    int callers(
            @Mixin Connection connection,
            @Parameters(paramLabel = "KEY") String key,
            @Option(names = "--from") String from,
            @Option(names = "--to") String to) {
        Connection.print(connection.audit().get("/keys/" + key + "/callers" + range(from, to)));
        return 0;
    }

    @Command(name = "rotation-status", mixinStandardHelpOptions = true, description = "Accounts per key version.")
    int rotationStatus(@Mixin Connection connection, @Parameters(paramLabel = "KEY") String key) {
        Connection.print(connection.audit().get("/keys/" + key + "/rotation-status"));
        return 0;
    }

    @Command(
            name = "revocation-status",
            mixinStandardHelpOptions = true,
            description = "Which affected accounts have locked.")
    int revocationStatus(@Mixin Connection connection, @Parameters(paramLabel = "KEY") String key) {
        Connection.print(connection.audit().get("/keys/" + key + "/revocation-status"));
        return 0;
    }

    @Command(name = "account", mixinStandardHelpOptions = true, description = "An account's history.")
    int account(@Mixin Connection connection, @Parameters(paramLabel = "ACCOUNT") String account) {
        Connection.print(connection.audit().get("/accounts/" + account + "/history"));
        return 0;
    }

    static String range(String from, String to) {
        java.time.Instant end = to == null ? java.time.Instant.now() : java.time.Instant.parse(to);
        java.time.Instant start =
                from == null ? end.minus(java.time.Duration.ofHours(1)) : java.time.Instant.parse(from);
        return "?from=" + URLEncoder.encode(start.toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(end.toString(), StandardCharsets.UTF_8);
    }
}
