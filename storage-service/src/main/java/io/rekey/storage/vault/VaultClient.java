package io.rekey.storage.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.serde.EventJson;
import io.rekey.service.auth.Secret;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.KeyMaterial;
import io.rekey.storage.crypto.KeyUnwrapException;
import io.rekey.storage.vault.VaultException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Storage's client of the vault's keys API: reads a key's latest version and wraps and unwraps account keys with
 * RSA-OAEP-256, authenticating with storage's own bearer token. It logs nothing; callers decide what is worth a line.
 */
public final class VaultClient {
    public static final String ALGORITHM = "RSA-OAEP-256";
    private static final String API_VERSION = "api-version=7.5";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final HttpClient http;
    private final Secret token;
    private final Duration timeout;

    public VaultClient(Secret token, Duration timeout) {
        this(token, timeout, Optional.empty());
    }

    /** @param trust a TLS context that trusts the vault's certificate, when the platform's trust store does not */
    public VaultClient(Secret token, Duration timeout, Optional<SSLContext> trust) {
        this.token = token;
        this.timeout = timeout;
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        trust.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** The version a key's unversioned id points at now: its latest. */
    public KeyVersion latestVersion(URI vault, KeyName key) throws VaultException {
        JsonNode bundle = send(vault, "GET", "/keys/" + key.value(), null);
        return versionOf(bundle.path("key").path("kid").asText(""));
    }

    /** Checks that a version exists; returns it. */
    public KeyVersion existingVersion(URI vault, KeyName key, KeyVersion version) throws VaultException {
        JsonNode bundle = send(vault, "GET", "/keys/" + key.value() + "/" + version.value(), null);
        return versionOf(bundle.path("key").path("kid").asText(""));
    }

    /** Wraps the account key under one version of a vault key; returns the ciphertext as base64url. */
    public String wrap(URI vault, KeyName key, KeyVersion version, AesKey aek) throws VaultException {
        Map<String, String> body = Map.of("alg", ALGORITHM, "value", KeyMaterial.exportForWrapping(aek));
        JsonNode result = send(vault, "POST", "/keys/" + key.value() + "/" + version.value() + "/wrapkey", body);
        return value(result);
    }

    /** Unwraps an account key that {@link #wrap} made under this version. */
    public AesKey unwrap(URI vault, KeyName key, KeyVersion version, String wrapped) throws VaultException {
        Map<String, String> body = Map.of("alg", ALGORITHM, "value", wrapped);
        JsonNode result = send(vault, "POST", "/keys/" + key.value() + "/" + version.value() + "/unwrapkey", body);
        try {
            return KeyMaterial.importUnwrapped(value(result));
        } catch (KeyUnwrapException e) {
            throw new VaultException(Kind.BAD_REQUEST, 200, "", "the vault's unwrap answer is not an account key", e);
        }
    }

    /** The base URL of a key's version, the versioned key id a cloud vault would show. */
    public static String keyId(URI vault, KeyName key, KeyVersion version) {
        return trimSlash(vault.toString()) + "/keys/" + key.value() + "/" + version.value();
    }

    private JsonNode send(URI vault, String method, String path, Object body) throws VaultException {
        URI uri = URI.create(trimSlash(vault.toString()) + path + "?" + API_VERSION);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new VaultException(
                    Kind.UNAVAILABLE,
                    0,
                    "",
                    "the vault at " + vault + " did not answer: " + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Kind.UNAVAILABLE, 0, "", "interrupted while calling the vault", e);
        }
        return answer(vault, path, response);
    }

    private static JsonNode answer(URI vault, String path, HttpResponse<byte[]> response) throws VaultException {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            return body;
        }
        String code = body.path("error").path("code").asText("");
        String message = body.path("error").path("message").asText("");
        String what = "the vault answered " + status + (code.isEmpty() ? "" : " " + code) + " for " + path
                + (message.isEmpty() ? "" : ": " + message);
        Kind kind;
        if (status == 429 || status >= 500) {
            kind = Kind.UNAVAILABLE;
        } else if (status == 403) {
            kind = Kind.REFUSED;
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
        } else if (status == 401) {
            kind = Kind.UNAUTHENTICATED;
        } else {
            kind = Kind.BAD_REQUEST;
        }
        throw new VaultException(kind, status, code, what, null);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] json(Object body) throws VaultException {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new VaultException(Kind.BAD_REQUEST, 0, "", "could not write a vault request", e);
        }
    }

    private static String value(JsonNode result) throws VaultException {
        String value = result.path("value").asText("");
        if (value.isEmpty()) {
            throw new VaultException(Kind.BAD_REQUEST, 200, "", "the vault's answer has no 'value'", null);
        }
        return value;
    }

    private static KeyVersion versionOf(String kid) throws VaultException {
        int slash = kid.lastIndexOf('/');
        try {
            return KeyVersion.of(kid.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new VaultException(Kind.BAD_REQUEST, 200, "", "the vault's key id '" + kid + "' has no version", e);
        }
    }

    static String trimSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
