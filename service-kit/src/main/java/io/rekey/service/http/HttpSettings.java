package io.rekey.service.http;

/**
 * Where and how a service listens.
 *
 * @param host the interface to bind; 127.0.0.1 unless deployment says otherwise
 * @param port the port, or 0 for any free one
 * @param maxRequestBytes the largest request body read whole into memory (streamed bodies have their own limits)
 */
public record HttpSettings(String host, int port, long maxRequestBytes) {

    public static HttpSettings local(int port) {
        return new HttpSettings("127.0.0.1", port, 1024 * 1024);
    }
}
