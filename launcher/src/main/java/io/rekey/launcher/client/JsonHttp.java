package io.rekey.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rekey.events.serde.EventJson;
import io.rekey.service.tls.TrustedCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A small JSON-over-HTTP client for one Rekey service, with a bearer token; refusals become {@link ServiceError}. */
public final class JsonHttp {
    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final String baseUrl;
    private final String token;

    public JsonHttp(HttpClient client, String baseUrl, String token) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** A client that also trusts the certificates in {@code trustedPem}, such as a local vault's self-signed one. */
    public static HttpClient client(Optional<Path> trustedPem) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        trustedPem.ifPresent(pem -> builder.sslContext(TrustedCertificates.sslContext(pem)));
        return builder.build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode get(String path) {
        return json(request(path).GET());
    }

    public JsonNode post(String path, Object body) {
        return json(request(path).POST(jsonBody(body)).header("Content-Type", "application/json"));
    }

    public JsonNode put(String path, Object body) {
        return json(request(path).PUT(jsonBody(body)).header("Content-Type", "application/json"));
    }

    public JsonNode patch(String path, Object body) {
        return json(request(path).method("PATCH", jsonBody(body)).header("Content-Type", "application/json"));
    }

    public JsonNode delete(String path) {
        return json(request(path).DELETE());
    }

    /** Streams a file as the request body. */
    public JsonNode putFile(String path, Path file, String contentType) {
        try {
            return json(
                    request(path).PUT(HttpRequest.BodyPublishers.ofFile(file)).header("Content-Type", contentType));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    public JsonNode putBytes(String path, byte[] body, String contentType) {
        return json(
                request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType));
    }

    /** The raw response, for blob reads; the caller checks the status and closes the body. */
    public HttpResponse<InputStream> stream(String path, String range) {
        HttpRequest.Builder request = request(path).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    public byte[] bytes(String path) {
        HttpResponse<byte[]> response = send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw errorFrom(
                    response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode json(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw errorFrom(response.statusCode(), response.body());
        }
        try {
            String body = response.body();
            return body == null || body.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ServiceError(response.statusCode(), "UnreadableResponse", "the service answered non-JSON");
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request.build(), handler);
        } catch (ConnectException e) {
            throw new ServiceError(0, "Unreachable", baseUrl + " does not answer; is Rekey up ('./rekey up')?");
        } catch (IOException e) {
            throw new ServiceError(0, "Unreachable", baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceError(0, "Interrupted", "interrupted while calling " + baseUrl);
        }
    }

    /** The error of a streamed response, read from at most the first 64 KiB of its body. */
    public static ServiceError errorFrom(int status, InputStream body) throws IOException {
        return errorFrom(status, new String(body.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8));
    }

    public static ServiceError errorFrom(int status, String body) {
        try {
            JsonNode error = MAPPER.readTree(body).path("error");
            if (error.hasNonNull("code")) {
                return new ServiceError(
                        status,
                        error.get("code").asText(),
                        error.path("message").asText(""));
            }
        } catch (IOException | RuntimeException ignored) {
            // Not a Rekey error body; fall through to a generic one.
        }
        return new ServiceError(status, "HttpError", "the service answered HTTP " + status);
    }

    private static HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
