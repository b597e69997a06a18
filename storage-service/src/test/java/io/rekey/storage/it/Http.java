package io.rekey.storage.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.serde.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-and-bytes HTTP client for the tests, with one bearer token. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;
    private final HttpClient client;

    Http(String baseUrl, String token) {
        this(baseUrl, token, false);
    }

    Http(String baseUrl, String token, boolean ownClient) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.client = ownClient
                ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                : CLIENT;
    }

    record Reply(int status, byte[] body, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return EventJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String code() {
            return json().path("error").path("code").asText();
        }

        String message() {
            return json().path("error").path("message").asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    Reply head(String path) {
        return send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply post(String path, Object json) {
        return send(request(path, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(json))));
    }

    Reply putJson(String path, Object json) {
        return send(request(path, "Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(write(json))));
    }

    Reply put(String path, byte[] body) {
        return send(request(path, "Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    Reply putStream(String path, HttpRequest.BodyPublisher body) {
        return send(request(path, "Content-Type", "application/octet-stream").PUT(body));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Object json) {
        try {
            return EventJson.mapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> vaultKey(String vaultUrl, String key, String version) {
        return Map.of(
                "keySource",
                "Microsoft.Keyvault",
                "keyvaultproperties",
                Map.of("keyvaulturi", vaultUrl, "keyname", key, "keyversion", version == null ? "" : version));
    }
}
