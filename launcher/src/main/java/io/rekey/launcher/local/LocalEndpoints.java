package io.rekey.launcher.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.serde.EventJson;
import io.rekey.launcher.client.JsonHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a running local system can be reached and with which tokens, written to {@code <data>/local.json} while it is
 * up so that scripts, the CLI and tests can find it. The file holds tokens, so it is readable by its owner only.
 */
public record LocalEndpoints(
        @JsonProperty("kafka") String kafkaBootstrap,
        @JsonProperty("vault") String vaultUrl,
        @JsonProperty("storage") String storageUrl,
        @JsonProperty("audit") String auditUrl,
        @JsonProperty("vaultCertificate") String vaultCertificate,
        @JsonProperty("tokens") Map<String, String> tokens,
        @JsonProperty("pid") long pid) {

    public static final String FILE_NAME = "local.json";

    public static Path fileIn(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    public void writeTo(Path dataDir) throws IOException {
        String json = EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        LocalCallers.writeOwnerOnly(fileIn(dataDir), json);
    }

    public static LocalEndpoints readFrom(Path dataDir) throws IOException {
        Path file = fileIn(dataDir);
        if (!Files.exists(file)) {
            throw new IOException("no running Rekey found: " + file + " does not exist; start one with './rekey up'"
                    + " or name the data directory with --data");
        }
        return EventJson.mapper().readValue(file.toFile(), LocalEndpoints.class);
    }

    /**
     * An HTTP client for this system's services: it trusts the local vault's self-signed certificate (host names are
     * still checked) as well as the JDK's usual ones.
     */
    public HttpClient httpClient() {
        return JsonHttp.client(Optional.ofNullable(vaultCertificate).map(Path::of));
    }

    public String token(String caller) {
        String token = tokens.get(caller);
        if (token == null) {
            throw new IllegalArgumentException("no token for caller '" + caller + "' in " + FILE_NAME);
        }
        return token;
    }

    @Override
    public String toString() {
        return "LocalEndpoints{kafka=" + kafkaBootstrap + ", vault=" + vaultUrl + ", storage=" + storageUrl + ", audit="
                + auditUrl + "}";
    }
}
