package io.rekey.audit.http;

import io.javalin.http.Context;
import io.rekey.service.http.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a query on to the instance that owns the key, with the caller's credentials, and relays its answer as it is.
 * The forwarded request is marked, so the owner answers it itself or says it is not ready, and never forwards again.
 */
final class Forwarder {
    static final String FORWARDED_BY = "X-Rekey-Forwarded-By";
    static final String SERVED_BY = "X-Rekey-Served-By";

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final List<String> RELAYED_HEADERS = List.of("Retry-After", "WWW-Authenticate", SERVED_BY);

    private final HttpClient client;
    private final Supplier<String> self;
    private final Duration timeout;

    Forwarder(Supplier<String> self, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.self = self;
        this.timeout = timeout;
    }

    void forward(Context ctx, HostInfo owner) {
        String query = ctx.queryString();
        URI target = URI.create(
                "http://" + owner.host() + ":" + owner.port() + ctx.path() + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header(FORWARDED_BY, self.get())
                .GET();
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response = send(request.build(), owner);
        ctx.status(response.statusCode());
        for (String name : RELAYED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> ctx.header(name, value));
        }
        ctx.contentType(response.headers().firstValue("Content-Type").orElse("application/json"));
        ctx.result(response.body());
    }

    private HttpResponse<byte[]> send(HttpRequest request, HostInfo owner) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.warn(
                    "Could not reach audit instance {}:{} that owns the data asked for: {}",
                    owner.host(),
                    owner.port(),
                    e.toString());
            throw ApiException.unavailable(
                    "OwnerUnreachable", "the audit instance that holds this data is not reachable; retry shortly", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("OwnerUnreachable", "interrupted while asking the owning instance", 1);
        }
    }
}
