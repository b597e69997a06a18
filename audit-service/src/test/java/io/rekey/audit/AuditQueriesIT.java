package io.rekey.audit;

import static io.rekey.audit.AuditEvents.accountOn;
import static io.rekey.audit.AuditEvents.created;
import static io.rekey.audit.AuditEvents.locked;
import static io.rekey.audit.AuditEvents.rewrapped;
import static io.rekey.audit.AuditEvents.rotated;
import static io.rekey.audit.AuditEvents.unlocked;
import static io.rekey.audit.AuditEvents.used;
import static io.rekey.audit.AuditTestSupport.AUDITOR_TOKEN;
import static io.rekey.audit.AuditTestSupport.STORAGE_TOKEN;
import static io.rekey.audit.AuditTestSupport.await;
import static io.rekey.audit.AuditTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.audit.AuditTestSupport.Publisher;
import io.rekey.audit.AuditTestSupport.Response;
import io.rekey.events.EventEnvelope;
import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key's life as the vault and storage publish it (signed key events, account events, usage records) on a real
 * broker, and every audit query answering its facts.
 */
class AuditQueriesIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    @TempDir
    static Path stateDir;

    private static final SigningKeys VAULT_KEYS = SigningKeys.generate();
    private static final AuditEvents EVENTS = new AuditEvents(VAULT_KEYS.signer());
    private static final String SUFFIX =
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000));
    private static final KeyName KEY = KeyName.of("ledger-" + SUFFIX);
    private static final KeyVersion V1 = KeyVersion.random();
    private static final KeyVersion V2 = KeyVersion.random();
    private static final AccountName ALPHA = AccountName.of("alpha" + SUFFIX);
    private static final AccountName BRAVO = AccountName.of("bravo" + SUFFIX);
    private static final AccountName PINNED = AccountName.of("pinned" + SUFFIX);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static AuditService audit;
    private static String revocationId;

    @BeforeAll
    static void publishALifeAndStartTheAudit() {
        Map<String, String> settings = AuditTestSupport.settings(KAFKA, KAFKA.uniqueGroup("audit-queries"), stateDir);
        settings.put("events.signing.public.key", VAULT_KEYS.publicKeyText());
        audit = AuditTestSupport.start(settings);

        try (Publisher publisher = new Publisher(KAFKA)) {
            String keys = TopicCatalogue.VAULT_KEY_EVENTS;
            String accounts = TopicCatalogue.STORAGE_ACCOUNT_EVENTS;
            String usage = TopicCatalogue.VAULT_KEY_USAGE;
            publisher.send(keys, EVENTS.key(created(KEY, V1), NOW.minusSeconds(50)));
            publisher.send(accounts, EVENTS.account(accountOn(ALPHA, KEY, V1, null), NOW.minusSeconds(49)));
            publisher.send(accounts, EVENTS.account(accountOn(BRAVO, KEY, V1, null), NOW.minusSeconds(48)));
            publisher.send(accounts, EVENTS.account(accountOn(PINNED, KEY, V1, V1), NOW.minusSeconds(47)));
            for (int i = 0; i < 5; i++) {
                publisher.send(
                        usage,
                        EVENTS.usage(used(
                                KEY,
                                V1,
                                "storage",
                                KeyOperation.WRAP,
                                UsageOutcome.SUCCEEDED,
                                NOW.minusSeconds(46 - i))));
            }
            publisher.send(keys, EVENTS.key(rotated(KEY, V1, V2), NOW.minusSeconds(40)));
            publisher.send(accounts, EVENTS.account(rewrapped(ALPHA, KEY, V1, V2), NOW.minusSeconds(39)));
            publisher.send(accounts, EVENTS.account(rewrapped(BRAVO, KEY, V1, V2), NOW.minusSeconds(38)));
            publisher.send(
                    usage,
                    EVENTS.usage(used(
                            KEY, V2, "storage", KeyOperation.UNWRAP, UsageOutcome.SUCCEEDED, NOW.minusSeconds(37))));
            EventEnvelope revoked = EVENTS.key(KeyRevoked.wholeKey(KEY, "compromised"), NOW.minusSeconds(30));
            revocationId = revoked.id();
            publisher.send(keys, revoked);
            publisher.send(accounts, EVENTS.account(locked(ALPHA, KEY, revoked.id()), NOW.minusSeconds(29)));
            publisher.send(
                    usage,
                    EVENTS.usage(
                            used(KEY, V2, "batch", KeyOperation.UNWRAP, UsageOutcome.DENIED, NOW.minusSeconds(28))));
            publisher.sendRaw(usage, KEY.value(), "not an event".getBytes(StandardCharsets.UTF_8));
            publisher.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (audit != null) {
            audit.close();
        }
    }

    private static String url() {
        return audit.baseUrl();
    }

    @Test
    void keyHistory_listsCreateRotateRevokeInOrder() {
        Response history = await(
                url(), "/keys/" + KEY + "/history", body -> body.get("value").size() == 3);
        keep("key-history", history);

        assertEquals(
                List.of("KeyCreated", "KeyRotated", "KeyRevoked"),
                types(history.body().get("value")));
        assertEquals(
                "compromised",
                history.body().get("value").get(2).get("data").get("reason").asText());
    }

    @Test
    void keyHistory_isPaged() {
        Response first = await(
                url(),
                "/keys/" + KEY + "/history?limit=2",
                body -> body.get("value").size() == 2 && !body.get("nextLink").isNull());
        Response second = get(url(), first.body().get("nextLink").asText(), AUDITOR_TOKEN);

        assertEquals(List.of("KeyRevoked"), types(second.body().get("value")));
        assertTrue(second.body().get("nextLink") == null
                || second.body().get("nextLink").isNull());
    }

    @Test
    void usage_perMinuteAndPerHour_countsEveryUseWithTotals() {
        String range = "?from=" + NOW.minus(Duration.ofHours(2)) + "&to=" + NOW.plus(Duration.ofHours(2));
        Response minutes = await(
                url(),
                "/keys/" + KEY + "/usage" + range + "&granularity=minute",
                body -> body.get("totals").get("count").asLong() == 7);
        Response hours = await(
                url(),
                "/keys/" + KEY + "/usage" + range + "&granularity=hour",
                body -> body.get("totals").get("count").asLong() == 7);

        keep("key-usage-hour", hours);
        JsonNode totals = minutes.body().get("totals");
        assertEquals(6, totals.get("byOutcome").get("SUCCEEDED").asLong());
        assertEquals(1, totals.get("byOutcome").get("DENIED").asLong());
        assertEquals(5, totals.get("byVersion").get(V1.value()).asLong());
        assertEquals(5, totals.get("byOperation").get("WRAP").asLong());
        long hourSum = 0;
        for (JsonNode window : hours.body().get("windows")) {
            hourSum += window.get("total").asLong();
        }
        assertEquals(7, hourSum);
    }

    @Test
    void callers_listEachCallerOfThePeriod() {
        String range = "?from=" + NOW.minus(Duration.ofHours(1)) + "&to=" + NOW.plus(Duration.ofHours(1));
        Response callers = await(
                url(),
                "/keys/" + KEY + "/callers" + range,
                body -> body.get("value").size() == 2);

        keep("key-callers", callers);
        JsonNode batch = callers.body().get("value").get(0);
        JsonNode storage = callers.body().get("value").get(1);
        assertEquals("batch", batch.get("caller").asText());
        assertEquals(1, batch.get("byOutcome").get("DENIED").asLong());
        assertEquals("storage", storage.get("caller").asText());
        assertEquals(6, storage.get("count").asLong());
    }

    @Test
    void rotationStatus_countsAccountsPerVersion() {
        Response status = await(
                url(),
                "/keys/" + KEY + "/rotation-status",
                body -> body.get("accounts").asInt() == 3
                        && body.get("onLatest").asInt() == 2);

        keep("rotation-status", status);
        assertEquals(V2.value(), status.body().get("latestVersion").asText());
        JsonNode older = status.body().get("onOlderVersions");
        assertEquals(1, older.size());
        assertEquals(PINNED.value(), older.get(0).get("account").asText());
        assertTrue(older.get(0).get("pinned").asBoolean());
    }

    @Test
    void revocationStatus_splitsLockedFromNotYetLocked_andShowsTheRestoreOnceItHappens() {
        Response status = await(
                url(),
                "/keys/" + KEY + "/revocation-status",
                body -> body.get("locked").size() == 1);
        keep("revocation-status", status);

        assertEquals(
                revocationId, status.body().get("revocation").get("eventId").asText());
        assertEquals(3, status.body().get("affected").asInt());
        assertEquals(
                ALPHA.value(), status.body().get("locked").get(0).get("account").asText());
        assertEquals(2, status.body().get("notYetLocked").size());

        KeyName other = KeyName.of("restored-" + SUFFIX);
        AccountName charlie = AccountName.of("charlie" + SUFFIX);
        try (Publisher publisher = new Publisher(KAFKA)) {
            publisher.send(TopicCatalogue.VAULT_KEY_EVENTS, EVENTS.key(created(other, V1), NOW));
            publisher.send(
                    TopicCatalogue.STORAGE_ACCOUNT_EVENTS, EVENTS.account(accountOn(charlie, other, V1, null), NOW));
            EventEnvelope revoked = EVENTS.key(KeyRevoked.wholeKey(other, "test"), NOW);
            publisher.send(TopicCatalogue.VAULT_KEY_EVENTS, revoked);
            publisher.send(
                    TopicCatalogue.STORAGE_ACCOUNT_EVENTS, EVENTS.account(locked(charlie, other, revoked.id()), NOW));
            EventEnvelope restored = EVENTS.key(KeyRestored.wholeKey(other), NOW.plusSeconds(1));
            publisher.send(TopicCatalogue.VAULT_KEY_EVENTS, restored);
            publisher.send(
                    TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                    EVENTS.account(unlocked(charlie, other, restored.id()), NOW.plusSeconds(1)));
            publisher.flush();
        }
        Response afterRestore = await(
                url(),
                "/keys/" + other + "/revocation-status",
                body -> !body.path("restore").isMissingNode()
                        && !body.get("restore").isNull()
                        && body.get("notYetLocked").size() == 1);
        assertEquals(0, afterRestore.body().get("locked").size());
    }

    @Test
    void accountHistory_listsTheAccountsSteps() {
        Response history = await(
                url(),
                "/accounts/" + ALPHA + "/history",
                body -> body.get("value").size() == 3);
        keep("account-history", history);

        assertEquals(
                List.of("AccountCreated", "AccountKeyRewrapped", "AccountLocked"),
                types(history.body().get("value")));
    }

    @Test
    void queries_needAnAuditorsToken() {
        Response anonymous = get(url(), "/keys/" + KEY + "/history", null);
        Response storage = get(url(), "/keys/" + KEY + "/history", STORAGE_TOKEN);
        Response wrong = get(url(), "/keys/" + KEY + "/history", "not-a-token");

        assertEquals(401, anonymous.status());
        assertNotNull(anonymous.header("WWW-Authenticate"));
        assertEquals(401, wrong.status());
        assertEquals(403, storage.status());
        assertEquals("Forbidden", storage.body().get("error").get("code").asText());
    }

    @Test
    void badInput_isA400() {
        assertEquals(
                400,
                get(url(), "/keys/" + KEY + "/usage?granularity=week", AUDITOR_TOKEN)
                        .status());
        assertEquals(
                400,
                get(url(), "/keys/" + KEY + "/usage?from=yesterday", AUDITOR_TOKEN)
                        .status());
        assertEquals(400, get(url(), "/accounts/NO_SUCH/history", AUDITOR_TOKEN).status());
    }

    @Test
    void aRecordThatIsNotAnEvent_isParkedInTheDeadLetterTopic_andCounted() {
        List<ConsumerRecord<byte[], byte[]>> parked = new ArrayList<>();
        Map<String, Object> config = KAFKA.clientProperties();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(DeadLetters.topicFor(TopicCatalogue.VAULT_KEY_USAGE)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
            while (System.nanoTime() < deadline && parked.stream().noneMatch(AuditQueriesIT::isOurs)) {
                consumer.poll(Duration.ofMillis(200)).forEach(parked::add);
            }
        }
        ConsumerRecord<byte[], byte[]> ours =
                parked.stream().filter(AuditQueriesIT::isOurs).findFirst().orElseThrow();
        assertEquals("NOT_JSON", DeadLetters.header(ours.headers(), DeadLetters.REASON_CODE));
        assertNotNull(DeadLetters.header(ours.headers(), DeadLetters.SOURCE_OFFSET));
        Response health = get(url(), "/health", null);
        assertTrue(health.body()
                        .get("deadLetters")
                        .get(TopicCatalogue.VAULT_KEY_USAGE)
                        .asLong()
                >= 1);
    }

    private static boolean isOurs(ConsumerRecord<byte[], byte[]> record) {
        return record.key() != null && new String(record.key(), StandardCharsets.UTF_8).equals(KEY.value());
    }

    /** Keeps a real answer under target/audit-examples, where the README's examples come from. */
    private static void keep(String name, Response response) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "audit-examples"));
            Files.writeString(
                    dir.resolve(name + ".json"),
                    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> types(JsonNode entries) {
        List<String> types = new ArrayList<>();
        entries.forEach(entry -> types.add(entry.get("type").asText()));
        return types;
    }
}
