package io.rekey.launcher.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rekey keys ...}: the vault's keys. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, inspect, rotate, revoke, restore and delete vault keys.",
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Show.class,
            KeysCommand.Rotate.class,
            KeysCommand.Revoke.class,
            KeysCommand.Restore.class,
            KeysCommand.Delete.class
        })
public final class KeysCommand {
    static final String API = "?api-version=7.5";

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an RSA key.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--size", description = "2048, 3072 or 4096 (default: ${DEFAULT-VALUE}).")
        int size = 3072;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kty", "RSA");
            body.put("key_size", size);
            body.put("key_ops", List.of("wrapKey", "unwrapKey", "encrypt", "decrypt"));
            Connection.print(connection.vault().post("/keys/" + name + "/create" + API, body));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            Connection.print(connection.vault().get("/keys" + API));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a key (latest or one version).")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--version", description = "A version id; default: the latest.")
        String version;

        @Option(names = "--versions", description = "List every version instead.")
        boolean versions;

        @Override
        public Integer call() {
            String path =
                    versions ? "/keys/" + name + "/versions" : "/keys/" + name + (version == null ? "" : "/" + version);
            Connection.print(connection.vault().get(path + API));
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Make a new version the current one.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Connection.print(connection.vault().post("/keys/" + name + "/rotate" + API, Map.of()));
            return 0;
        }
    }

    /** Exactly one scope: the whole key (no option), one version, or one caller. */
    static final class Scope {
        @Option(names = "--version", description = "Only this version.")
        String version;

        @Option(names = "--caller", description = "Only this caller's access.")
        String caller;

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (version != null) {
                body.put("scope", "version");
                body.put("version", version);
            } else if (caller != null) {
                body.put("scope", "caller");
                body.put("caller", caller);
            } else {
                body.put("scope", "key");
            }
            return body;
        }
    }

    /** Revoke and restore take the same arguments and differ only in the operation they call. */
    abstract static class ScopedChange implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true)
        Scope scope = new Scope();

        abstract String operation();

        @Override
        public Integer call() {
            Connection.print(connection.vault().post("/keys/" + name + "/" + operation() + API, scope.body()));
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a key (every version), one version, or one caller's access.")
    static final class Revoke extends ScopedChange {
        @Override
        String operation() {
            return "revoke";
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Undo a revocation of the same scope.")
    static final class Restore extends ScopedChange {
        @Override
        String operation() {
            return "reinstate";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Soft-delete a key (recoverable).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Connection.print(connection.vault().delete("/keys/" + name + API));
            return 0;
        }
    }
}
