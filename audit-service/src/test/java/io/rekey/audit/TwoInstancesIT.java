package io.rekey.audit;

import static io.rekey.audit.AuditEvents.accountOn;
import static io.rekey.audit.AuditEvents.created;
import static io.rekey.audit.AuditEvents.rotated;
import static io.rekey.audit.AuditEvents.used;
import static io.rekey.audit.AuditTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.audit.AuditTestSupport.Publisher;
import io.rekey.audit.AuditTestSupport.Response;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one audit application share the partitions; each key's views live on one of them. Asking either
 * instance gives the same answer: the one that does not own the key forwards the query to the one that does.
 */
class TwoInstancesIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    @TempDir
    static Path stateDirs;

    private static final AuditEvents EVENTS = new AuditEvents(null);
    private static final String SUFFIX =
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000));
    private static final List<KeyName> KEYS = new ArrayList<>();
    private static final Instant NOW = Instant.now();

    private static AuditService first;
    private static AuditService second;

    @BeforeAll
    static void startTwoInstancesAndPublish() {
        String applicationId = KAFKA.uniqueGroup("audit-pair");
        first = AuditTestSupport.start(AuditTestSupport.settings(KAFKA, applicationId, stateDirs.resolve("first")));
        second = AuditTestSupport.start(AuditTestSupport.settings(KAFKA, applicationId, stateDirs.resolve("second")));
        // The second instance is RUNNING before the follow-up rebalance hands it its share; wait for that share.
        long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
        while (!(first.activeTaskCount() > 0
                && second.activeTaskCount() > 0
                && first.state() == KafkaStreams.State.RUNNING
                && second.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the two instances did not share the tasks within " + AuditTestSupport.WAIT);
            }
            AuditTestSupport.pause(100);
        }

        try (Publisher publisher = new Publisher(KAFKA)) {
            for (int k = 0; k < 8; k++) {
                KeyName key = KeyName.of("pair-" + SUFFIX + "-" + k);
                KEYS.add(key);
                KeyVersion v1 = KeyVersion.random();
                publisher.send(TopicCatalogue.VAULT_KEY_EVENTS, EVENTS.key(created(key, v1), NOW));
                publisher.send(TopicCatalogue.VAULT_KEY_EVENTS, EVENTS.key(rotated(key, v1, KeyVersion.random()), NOW));
                publisher.send(
                        TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                        EVENTS.account(accountOn(AccountName.of("acct" + SUFFIX + k), key, v1, null), NOW));
                for (int u = 0; u <= k; u++) {
                    publisher.send(
                            TopicCatalogue.VAULT_KEY_USAGE,
                            EVENTS.usage(used(key, v1, "storage", KeyOperation.UNWRAP, UsageOutcome.SUCCEEDED, NOW)));
                }
            }
            publisher.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void eitherInstance_answersEveryKey_andTheAnswersAgree() {
        Set<String> servedBy = new HashSet<>();
        String range = "?from=" + NOW.minus(Duration.ofHours(1)) + "&to=" + NOW.plus(Duration.ofHours(1));
        for (int k = 0; k < KEYS.size(); k++) {
            KeyName key = KEYS.get(k);
            long uses = k + 1;
            for (String path : List.of(
                    "/keys/" + key + "/history",
                    "/keys/" + key + "/rotation-status",
                    "/keys/" + key + "/usage" + range)) {
                Response fromFirst = await(first.baseUrl(), path, body -> complete(body, uses));
                Response fromSecond = await(second.baseUrl(), path, body -> complete(body, uses));
                assertEquals(fromFirst.body(), fromSecond.body(), path);
                assertEquals(fromFirst.header("X-Rekey-Served-By"), fromSecond.header("X-Rekey-Served-By"), path);
                servedBy.add(fromFirst.header("X-Rekey-Served-By"));
            }
        }
        assertEquals(2, servedBy.size(), "both instances own some keys: " + servedBy);
        assertNotEquals(first.port(), second.port());
    }

    @Test
    void aForwardedQuery_keepsTheCallersCredentials() {
        for (KeyName key : KEYS) {
            Response anonymous = AuditTestSupport.get(first.baseUrl(), "/keys/" + key + "/history", null);
            Response viaSecond = AuditTestSupport.get(second.baseUrl(), "/keys/" + key + "/history", null);
            assertEquals(401, anonymous.status());
            assertEquals(401, viaSecond.status());
        }
        Response health = AuditTestSupport.get(second.baseUrl(), "/health", null);
        assertTrue(health.status() == 200 || health.status() == 503);
    }

    /** The answer reflects everything published for the key with {@code uses} uses. */
    private static boolean complete(com.fasterxml.jackson.databind.JsonNode body, long uses) {
        if (body.has("totals")) {
            return body.get("totals").get("count").asLong() == uses;
        }
        if (body.has("accounts")) {
            return body.get("accounts").asInt() == 1;
        }
        return body.get("value").size() == 2;
    }
}
