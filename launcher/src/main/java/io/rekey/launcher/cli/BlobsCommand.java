package io.rekey.launcher.cli;

import io.rekey.launcher.client.JsonHttp;
import io.rekey.launcher.client.ServiceError;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rekey blobs ...}: blobs in an account's containers, streamed both ways. */
@Command(
        name = "blobs",
        mixinStandardHelpOptions = true,
        description = "Put, get, list and delete blobs.",
        subcommands = {
            BlobsCommand.Put.class,
            BlobsCommand.Get.class,
            BlobsCommand.ListBlobs.class,
            BlobsCommand.Delete.class
        })
public final class BlobsCommand {

    /** Which blob: account, container and blob name, as the first three parameters of a blob command. */
    static final class BlobAddress {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Parameters(index = "1", paramLabel = "CONTAINER")
        String container;

        @Parameters(index = "2", paramLabel = "BLOB")
        String blob;

        String path() {
            return "/accounts/" + account + "/containers/" + container + "/blobs/" + blob;
        }

        @Override
        public String toString() {
            return account + "/" + container + "/" + blob;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Upload a file (creates the container).")
    static final class Put implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Mixin
        BlobAddress address;

        @Parameters(index = "3", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            JsonHttp storage = connection.storage();
            ensureContainer(storage, address.account, address.container);
            Connection.print(storage.putFile(address.path(), file, "application/octet-stream"));
            return 0;
        }
    }

    static void ensureContainer(JsonHttp storage, String account, String container) {
        try {
            storage.put("/accounts/" + account + "/containers/" + container, Map.of());
        } catch (ServiceError e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Download a blob to a file or stdout.")
    static final class Get implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Mixin
        BlobAddress address;

        @Option(
                names = {"-o", "--output"},
                description = "File to write (default: stdout).")
        Path output;

        @Override
        public Integer call() throws Exception {
            HttpResponse<InputStream> response = connection.storage().stream(address.path(), null);
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 300) {
                    throw JsonHttp.errorFrom(response.statusCode(), body);
                }
                try (OutputStream out = output == null ? System.out : Files.newOutputStream(output)) {
                    body.transferTo(out);
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List blobs in a container.")
    static final class ListBlobs implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Parameters(index = "1", paramLabel = "CONTAINER")
        String container;

        @Option(names = "--prefix", description = "Only blobs whose name starts with this.")
        String prefix;

        @Override
        public Integer call() {
            String query = prefix == null
                    ? ""
                    : "?prefix=" + java.net.URLEncoder.encode(prefix, java.nio.charset.StandardCharsets.UTF_8);
            Connection.print(
                    connection.storage().get("/accounts/" + account + "/containers/" + container + "/blobs" + query));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a blob.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Mixin
        BlobAddress address;

        @Override
        public Integer call() {
            connection.storage().delete(address.path());
            System.out.println("deleted " + address);
            return 0;
        }
    }
}
