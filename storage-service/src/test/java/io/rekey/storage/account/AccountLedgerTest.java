package io.rekey.storage.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.KeySource;
import io.rekey.events.account.LockReason;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.serde.EventJson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Recording many accounts' events in one batch. */
class AccountLedgerTest {
    private static final KeyName KEY = KeyName.of("cmk");

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AccountRegistry registry = new AccountRegistry();
    private final AccountLedger ledger =
            new AccountLedger(producer, registry, URI.create("urn:test"), Clock.systemUTC(), Duration.ofSeconds(1));

    @Test
    void givenAccounts_whenLockedTogether_thenAllSentBeforeAnyAwaited_andEachGetsItsNextSequenceAndOneTime()
            throws Exception {
        List<AccountName> names = List.of(created("alpha"), created("bravo"), created("charlie"));
        producer.clear();

        Thread acknowledger = new Thread(() -> {
            // Acknowledge only once all three are in flight: a ledger waiting per event would never get here.
            while (producer.history().size() < 3) {
                Thread.onSpinWait();
            }
            while (producer.completeNext()) {
                // next
            }
        });
        acknowledger.start();
        int recorded = ledger.updateAll(
                names,
                latest -> latest.filter(s -> !s.isLocked())
                        .map(s -> new AccountLocked(s.name(), KEY, null, LockReason.KEY_REVOKED, "cause"))
                        .orElse(null));
        acknowledger.join(5000);

        assertEquals(3, recorded);
        List<EventEnvelope> sent = producer.history().stream()
                .map(record -> new EventJson().read(record.value()))
                .toList();
        assertEquals(1, sent.stream().map(EventEnvelope::time).distinct().count());
        sent.forEach(event -> assertEquals(2, event.sequence()));
        names.forEach(name -> assertTrue(registry.find(name).orElseThrow().isLocked()));
    }

    @Test
    void givenDecisionThatChangesNothing_whenUpdatedTogether_thenNothingRecorded() throws Exception {
        AccountName name = created("delta");
        producer.clear();

        assertEquals(0, ledger.updateAll(List.of(name), latest -> null));

        assertTrue(producer.history().isEmpty());
        assertFalse(registry.find(name).orElseThrow().isLocked());
    }

    @Test
    void givenKafkaRefuses_whenUpdatedTogether_thenUnavailable_andNothingApplied() throws Exception {
        AccountName name = created("echo");
        producer.clear();
        Thread refuser = new Thread(() -> {
            while (producer.history().isEmpty()) {
                Thread.onSpinWait();
            }
            producer.errorNext(new RuntimeException("broker away"));
        });
        refuser.start();

        assertThrows(
                LedgerUnavailableException.class,
                () -> ledger.updateAll(
                        List.of(name), latest -> new AccountLocked(name, KEY, null, LockReason.KEY_REVOKED, "c")));
        refuser.join(5000);

        assertFalse(registry.find(name).orElseThrow().isLocked());
    }

    private AccountName created(String value) throws Exception {
        AccountName name = AccountName.of(value);
        AccountEncryption encryption =
                new AccountEncryption(KeySource.SERVICE_MANAGED, null, null, null, null, "d3JhcHBlZA");
        Thread acknowledger = new Thread(() -> {
            while (!producer.completeNext()) {
                Thread.onSpinWait();
            }
        });
        acknowledger.start();
        ledger.update(name, latest -> new AccountCreated(name, encryption));
        acknowledger.join(5000);
        return name;
    }
}
