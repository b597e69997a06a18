package io.rekey.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.ids.CallerId;
import io.rekey.events.serde.EventJson;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.auth.Secret;
import io.rekey.service.http.ApiException;
import io.rekey.service.http.HttpService;
import io.rekey.service.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServiceTest {
    private static final String TOKEN = "test-token-value-123";
    private static HttpService service;
    private static final HttpClient client = HttpClient.newHttpClient();

    record Greeting(String name) {}

    @BeforeAll
    static void start() {
        BearerAuth auth = BearerAuth.withRealm(Map.of(CallerId.of("alice"), new Secret(TOKEN)), "rekey-test");
        service = HttpService.start("test-service", HttpSettings.local(0), routes -> {
            routes.get("/whoami", ctx -> ctx.result(auth.authenticate(ctx).value()));
            routes.post("/greet", ctx -> ctx.json(ctx.bodyAsClass(Greeting.class)));
            routes.get("/refuse", ctx -> {
                throw ApiException.conflict("AlreadyThere", "it exists; pick another name");
            });
            routes.get("/busy", ctx -> {
                throw ApiException.unavailable("NotReady", "warming up; retry shortly", 2);
            });
            routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret detail 42");
            });
        });
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void authenticate_validToken_namesCaller() throws Exception {
        HttpResponse<String> response = send(
                request("/whoami").header("Authorization", "Bearer " + TOKEN).GET());

        assertEquals(200, response.statusCode());
        assertEquals("alice", response.body());
    }

    @Test
    void authenticate_noToken_is401WithChallenge() throws Exception {
        HttpResponse<String> response = send(request("/whoami").GET());

        assertEquals(401, response.statusCode());
        assertEquals("Unauthorized", code(response));
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void authenticate_wrongToken_is401() throws Exception {
        HttpResponse<String> response =
                send(request("/whoami").header("Authorization", "Bearer nope").GET());

        assertEquals(401, response.statusCode());
    }

    @Test
    void apiException_isMappedToItsStatusAndCode() throws Exception {
        HttpResponse<String> response = send(request("/refuse").GET());

        assertEquals(409, response.statusCode());
        assertEquals("AlreadyThere", code(response));
    }

    @Test
    void unavailable_carriesRetryAfter() throws Exception {
        HttpResponse<String> response = send(request("/busy").GET());

        assertEquals(503, response.statusCode());
        assertEquals("2", response.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void malformedJson_is400NotServerError() throws Exception {
        HttpResponse<String> response = send(request("/greet").POST(HttpRequest.BodyPublishers.ofString("{oops")));

        assertEquals(400, response.statusCode());
        assertEquals("BadParameter", code(response));
    }

    @Test
    void unexpectedFailure_is500WithIncidentOnly() throws Exception {
        HttpResponse<String> response = send(request("/boom").GET());

        assertEquals(500, response.statusCode());
        assertEquals("InternalError", code(response));
        assertFalse(response.body().contains("secret detail"), "internal details must not reach the client");
    }

    @Test
    void unknownPath_is404Json() throws Exception {
        HttpResponse<String> response = send(request("/nowhere").GET());

        assertEquals(404, response.statusCode());
        assertEquals("NotFound", code(response));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws Exception {
        JsonNode body = EventJson.mapper().readTree(response.body());
        return body.path("error").path("code").asText();
    }
}
