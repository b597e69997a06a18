package io.rekey.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rekey accounts ...}: storage accounts and their encryption settings. */
@Command(
        name = "accounts",
        mixinStandardHelpOptions = true,
        description = "Create, show, list and re-key storage accounts.",
        subcommands = {
            AccountsCommand.Create.class,
            AccountsCommand.Show.class,
            AccountsCommand.ListAccounts.class,
            AccountsCommand.SetEncryption.class
        })
public final class AccountsCommand {

    /** Service-managed unless a key is named; a version pins the account to it. */
    static final class Encryption {
        @Option(names = "--key", description = "Customer-managed: the vault key's name.")
        String key;

        @Option(names = "--key-version", description = "Pin to this version; default: follow the latest.")
        String version;

        @Option(names = "--vault-uri", description = "The vault holding the key (default: the local vault).")
        String vaultUri;

        Map<String, Object> body(Connection connection) {
            Map<String, Object> encryption = new LinkedHashMap<>();
            if (key == null) {
                encryption.put("keySource", "Microsoft.Storage");
                return encryption;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(
                    "keyvaulturi",
                    vaultUri != null ? vaultUri : connection.vault().baseUrl());
            properties.put("keyname", key);
            if (version != null) {
                properties.put("keyversion", version);
            }
            encryption.put("keySource", "Microsoft.Keyvault");
            encryption.put("keyvaultproperties", properties);
            return encryption;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME", description = "3 to 24 lowercase letters and digits.")
        String name;

        @Mixin
        Encryption encryption;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("encryption", encryption.body(connection));
            Connection.print(connection.storage().post("/accounts", body));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an account's state and key.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Connection.print(connection.storage().get("/accounts/" + name));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
    static final class ListAccounts implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            Connection.print(connection.storage().get("/accounts"));
            return 0;
        }
    }

    @Command(
            name = "set-encryption",
            mixinStandardHelpOptions = true,
            description = "Move an account to another key, version or key source (re-wraps its AEK only).")
    static final class SetEncryption implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        Encryption encryption;

        @Override
        public Integer call() {
            Connection.print(connection
                    .storage()
                    .put("/accounts/" + name + "/encryption", Map.of("encryption", encryption.body(connection))));
            return 0;
        }
    }
}
