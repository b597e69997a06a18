package io.rekey.service.http;

import io.rekey.service.tls.TlsSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a service listens.
 *
 * @param host the interface to bind; 127.0.0.1 unless deployment says otherwise
 * @param port the port, or 0 for any free one
 * @param maxRequestBytes the largest request body read whole into memory (streamed bodies have their own limits)
 * @param tls the certificate and key to serve HTTPS with; empty serves plain HTTP
 */
public record HttpSettings(String host, int port, long maxRequestBytes, Optional<TlsSettings> tls) {

    public HttpSettings {
        Objects.requireNonNull(tls, "tls");
    }

    /** Plain HTTP. */
    public HttpSettings(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, Optional.empty());
    }

    public static HttpSettings local(int port) {
        return new HttpSettings("127.0.0.1", port, 1024 * 1024);
    }

    /** The same settings serving HTTPS with the given certificate and key. */
    public HttpSettings withTls(TlsSettings tlsSettings) {
        return new HttpSettings(host, port, maxRequestBytes, Optional.of(tlsSettings));
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
