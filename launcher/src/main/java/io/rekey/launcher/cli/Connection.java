package io.rekey.launcher.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.serde.EventJson;
import io.rekey.launcher.client.JsonHttp;
import io.rekey.launcher.local.LocalCallers;
import io.rekey.launcher.local.LocalEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the CLI finds Rekey: the {@code local.json} of a running local system by default, or URLs and a token given on
 * the command line (or as {@code REKEY_TOKEN}) for a deployment.
 */
public final class Connection {
    @Option(
            names = "--trust-certificate",
            description = "PEM certificate(s) to trust for HTTPS, such as a vault's self-signed one (default: the"
                    + " local system's).")
    Optional<Path> trustCertificate = Optional.empty();

    private HttpClient client;

    @Option(names = "--data", description = "Data directory of a running local Rekey (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".rekey");

    @Option(names = "--vault-url", description = "Vault base URL (default: from the local system).")
    Optional<String> vaultUrl = Optional.empty();

    @Option(names = "--storage-url", description = "Storage base URL (default: from the local system).")
    Optional<String> storageUrl = Optional.empty();

    @Option(names = "--audit-url", description = "Audit base URL (default: from the local system).")
    Optional<String> auditUrl = Optional.empty();

    @Option(
            names = "--token",
            description = "Bearer token (default: REKEY_TOKEN, else the local admin's).",
            defaultValue = "${env:REKEY_TOKEN}")
    String token;

    private LocalEndpoints local;

    /** Trusts the certificate named on the command line, else the local system's vault certificate, if any. */
    private HttpClient client() {
        if (client == null) {
            Optional<Path> trusted = trustCertificate.or(
                    () -> localIfRunning().map(LocalEndpoints::vaultCertificate).map(Path::of));
            client = JsonHttp.client(trusted);
        }
        return client;
    }

    private Optional<LocalEndpoints> localIfRunning() {
        try {
            return Optional.of(local());
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    public JsonHttp vault() {
        return new JsonHttp(client(), vaultUrl.orElseGet(() -> local().vaultUrl()), token(LocalCallers.ADMIN));
    }

    public JsonHttp storage() {
        return new JsonHttp(client(), storageUrl.orElseGet(() -> local().storageUrl()), token(LocalCallers.ADMIN));
    }

    public JsonHttp audit() {
        return new JsonHttp(client(), auditUrl.orElseGet(() -> local().auditUrl()), token(LocalCallers.AUDITOR));
    }

    private String token(String localCaller) {
        return token != null && !token.isBlank() ? token : local().token(localCaller);
    }

    /** The running local system's endpoints, read from its {@code local.json} once per command. */
    private LocalEndpoints local() {
        if (local == null) {
            try {
                local = LocalEndpoints.readFrom(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return local;
    }

    static void print(JsonNode node) {
        try {
            System.out.println(
                    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
