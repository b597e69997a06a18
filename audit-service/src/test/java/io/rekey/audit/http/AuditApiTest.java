package io.rekey.audit.http;

import static io.rekey.audit.AuditTestSupport.AUDITOR_TOKEN;
import static io.rekey.audit.AuditTestSupport.STORAGE_TOKEN;
import static io.rekey.audit.AuditTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.rekey.audit.AuditTestSupport.Response;
import io.rekey.audit.topology.DeadLetterCounts;
import io.rekey.events.ids.CallerId;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.auth.Secret;
import io.rekey.service.http.HttpService;
import io.rekey.service.http.HttpSettings;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP rules that hold before any view is ready: who may ask, what is bad input, and 503 while starting. */
class AuditApiTest {
    private static HttpService http;
    private static String url;

    @BeforeAll
    static void start() {
        CallerId auditor = CallerId.of("auditor");
        CallerId storage = CallerId.of("storage");
        AuditApi api = new AuditApi(
                BearerAuth.withRealm(
                        Map.of(auditor, new Secret(AUDITOR_TOKEN), storage, new Secret(STORAGE_TOKEN)), "rekey-audit"),
                Set.of(auditor),
                () -> null,
                () -> new HostInfo("127.0.0.1", 1),
                new DeadLetterCounts(),
                Clock.systemUTC());
        http = HttpService.start("audit-test", HttpSettings.local(0), api::addRoutes);
        url = http.baseUrl("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void query_withoutToken_is401WithAChallenge() {
        Response response = get(url, "/keys/k1/history", null);

        assertEquals(401, response.status());
        assertNotNull(response.header("WWW-Authenticate"));
    }

    @Test
    void query_byCallerWithoutAuditPermission_is403() {
        assertEquals(403, get(url, "/keys/k1/history", STORAGE_TOKEN).status());
        assertEquals(403, get(url, "/accounts/acct1/history", STORAGE_TOKEN).status());
    }

    @Test
    void query_whileTheViewsAreStarting_is503WithRetryAfter() {
        for (String path : new String[] {
            "/keys/k1/history",
            "/keys/k1/usage",
            "/keys/k1/callers",
            "/keys/k1/rotation-status",
            "/keys/k1/revocation-status",
            "/accounts/acct1/history"
        }) {
            Response response = get(url, path, AUDITOR_TOKEN);
            assertEquals(503, response.status(), path);
            assertEquals("1", response.header("Retry-After"), path);
            assertEquals("NotReady", response.body().get("error").get("code").asText(), path);
        }
    }

    @Test
    void health_whileStarting_is503AndSaysSo() {
        Response response = get(url, "/health", null);

        assertEquals(503, response.status());
        assertEquals("STARTING", response.body().get("streams").asText());
    }

    @Test
    void query_withBadParameters_is400() {
        assertEquals(
                400, get(url, "/keys/k1/usage?granularity=day", AUDITOR_TOKEN).status());
        assertEquals(
                400,
                get(url, "/keys/k1/usage?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", AUDITOR_TOKEN)
                        .status());
        assertEquals(400, get(url, "/keys/k1/history?limit=0", AUDITOR_TOKEN).status());
        assertEquals(400, get(url, "/keys/k1/history?cursor=x", AUDITOR_TOKEN).status());
        assertEquals(400, get(url, "/keys/bad_name!/history", AUDITOR_TOKEN).status());
        assertEquals(400, get(url, "/accounts/A/history", AUDITOR_TOKEN).status());
    }
}
